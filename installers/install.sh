#!/usr/bin/env bash
# Per-user install of Cookie Warden on Linux (no root needed): copies the built host and
# command-line tool under ~/.local and registers the host with every browser found, by writing
# its native-messaging host manifest where each browser looks. Safe to run again: what is
# already in place is left alone. `--uninstall` removes exactly what earlier runs wrote,
# as listed in a small install record beside the host.
set -euo pipefail

readonly HOST_NAME=dk.cookiewarden.host
readonly CHROMIUM_ID=jjnjmppplncaaifkjlbbjnehaemmebmg
readonly FIREFOX_ID=cookie-warden@cookiewarden.dk
readonly ALL_BROWSERS=(chrome chromium edge brave vivaldi firefox)

usage() {
    cat <<'EOF'
Usage: installers/install.sh [options]

Installs cookie-warden-host and cookie-warden for this user and registers the host with the
browsers. Without --browser or --profile-dir it registers every supported browser it finds
(Chrome, Chromium, Edge, Brave, Vivaldi, Firefox).

Options:
  --browser NAME       register only with this browser (repeatable):
                       chrome, chromium, edge, brave, vivaldi, firefox
  --profile-dir DIR    register with a Chromium-family browser started with
                       --user-data-dir=DIR (writes DIR/NativeMessagingHosts/); repeatable
  --extension-id ID    also allow this extension (a 32-letter Chromium id, or a Firefox
                       add-on id); repeatable
  --build-dir DIR      where the built executables are (default: build/release, then
                       build/dev, then build)
  --prefix DIR         install under DIR/lib/cookie-warden and DIR/bin (default ~/.local)
  --uninstall          remove what earlier runs installed (only for the given browsers or
                       profile dirs, if any are named)
  --dry-run            say what would be done, change nothing
  -h, --help           this help
EOF
}

die() { echo "install.sh: $*" >&2; exit 1; }
usage_error() { echo "install.sh: $*" >&2; echo "Try: installers/install.sh --help" >&2; exit 2; }

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=installers/install-helpers.sh
source "$repo_root/installers/install-helpers.sh"
browsers=()
profile_dirs=()
extension_ids=()
build_dir=""
prefix="${HOME:?HOME must be set}/.local"
uninstall=false
dry_run=false

while [ $# -gt 0 ]; do
    case "$1" in
        --browser) [ $# -ge 2 ] || usage_error "--browser needs a name"; browsers+=("$2"); shift 2 ;;
        --browser=*) browsers+=("${1#*=}"); shift ;;
        --profile-dir) [ $# -ge 2 ] || usage_error "--profile-dir needs a folder"; profile_dirs+=("$2"); shift 2 ;;
        --profile-dir=*) profile_dirs+=("${1#*=}"); shift ;;
        --extension-id) [ $# -ge 2 ] || usage_error "--extension-id needs an id"; extension_ids+=("$2"); shift 2 ;;
        --extension-id=*) extension_ids+=("${1#*=}"); shift ;;
        --build-dir) [ $# -ge 2 ] || usage_error "--build-dir needs a folder"; build_dir=$2; shift 2 ;;
        --build-dir=*) build_dir=${1#*=}; shift ;;
        --prefix) [ $# -ge 2 ] || usage_error "--prefix needs a folder"; prefix=$2; shift 2 ;;
        --prefix=*) prefix=${1#*=}; shift ;;
        --uninstall) uninstall=true; shift ;;
        --dry-run) dry_run=true; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage_error "unknown option: $1" ;;
    esac
done

for b in "${browsers[@]}"; do
    case " ${ALL_BROWSERS[*]} " in
        *" $b "*) ;;
        *) usage_error "unknown browser '$b' (known: ${ALL_BROWSERS[*]})" ;;
    esac
done

# Paths are written into JSON unescaped, so refuse the characters that would need escaping.
check_plain_path() {
    case "$1" in
        *[\"\\]*|*[[:cntrl:]]*) die "cannot use a path with quotes, backslashes or control characters: $1" ;;
    esac
}

absolute() {
    case "$1" in
        /*) printf '%s\n' "$1" ;;
        *) printf '%s/%s\n' "$PWD" "$1" ;;
    esac
}

chromium_ids=("$CHROMIUM_ID")
firefox_ids=("$FIREFOX_ID")
for id in "${extension_ids[@]}"; do
    if [[ $id =~ ^[a-p]{32}$ ]]; then
        [[ " ${chromium_ids[*]} " == *" $id "* ]] || chromium_ids+=("$id")
    elif [[ $id =~ ^[A-Za-z0-9._@{}+-]+$ ]]; then
        [[ " ${firefox_ids[*]} " == *" $id "* ]] || firefox_ids+=("$id")
    else
        usage_error "'$id' is neither a Chromium extension id (32 letters a-p) nor a Firefox add-on id"
    fi
done

prefix=$(absolute "$prefix")
for i in "${!profile_dirs[@]}"; do profile_dirs[i]=$(absolute "${profile_dirs[i]}"); done
check_plain_path "$prefix"
readonly lib_dir="$prefix/lib/cookie-warden"
readonly bin_dir="$prefix/bin"
readonly host_dest="$lib_dir/cookie-warden-host"
readonly cli_dest="$bin_dir/cookie-warden"
readonly record="$lib_dir/install-record"

# --- changes, all through these functions so that --dry-run and the record see each one ---

changed=0
new_record=()

note_record() { new_record+=("$1"); }

make_dir() {  # make_dir TARGET DIR [MODE]: creates DIR (MODE) and missing parents, recording each
    local target=$1 dir=$2 mode=${3:-} missing=() d
    d=$dir
    while [ ! -d "$d" ]; do missing=("$d" "${missing[@]}"); d=$(dirname "$d"); done
    for d in "${missing[@]}"; do
        if $dry_run; then echo "  would create folder $d"; else
            mkdir "$d"
            if [ -n "$mode" ] && [ "$d" = "$dir" ]; then chmod "$mode" "$d"; fi
        fi
        note_record "dir	$target	$d"
        changed=$((changed + 1))
    done
}

# replace_file SOURCE DEST MODE: puts a copy of SOURCE at DEST in one step. The copy is made
# in a new temporary file of DEST's folder (mktemp: a fresh name, never an existing file or
# link), then renamed over DEST. A rename replaces whatever is at DEST, a symbolic link
# included, and never writes through it into the file it points at; -T keeps mv from moving
# the file into a folder that DEST names or links to.
replace_file() {
    local src=$1 dest=$2 mode=$3
    pending_tmp=$(mktemp "$(dirname "$dest")/.$(basename "$dest").XXXXXX") || return 1
    if ! { cp "$src" "$pending_tmp" && chmod "$mode" "$pending_tmp" && mv -fT "$pending_tmp" "$dest"; }; then
        return 1
    fi
    pending_tmp=""
}

# put_file TARGET DEST MODE SOURCE-FILE WHAT: installs SOURCE-FILE as DEST unless identical.
# A symbolic link at DEST is never followed: not to compare, not to chmod, not to write.
put_file() {
    local target=$1 dest=$2 mode=$3 src=$4 what=$5 was=""
    note_record "file	$target	$dest"
    if [ -L "$dest" ]; then
        was=" (replaced a symbolic link to $(readlink "$dest"))"
    elif [ -f "$dest" ] && cmp -s "$src" "$dest"; then
        echo "  $what: $dest (unchanged)"
        if ! $dry_run && [ "$(stat -c %a "$dest")" != "$mode" ]; then chmod "$mode" "$dest"; fi
        return 0
    fi
    changed=$((changed + 1))
    if $dry_run; then echo "  $what: would write $dest${was/replaced/replacing}"; return 0; fi
    make_dir "$target" "$(dirname "$dest")"
    replace_file "$src" "$dest" "$mode"
    echo "  $what: $dest$was"
}

json_list() {  # json_list ITEM...: a JSON array of plain strings
    local out="" item
    for item in "$@"; do out+="${out:+, }\"$item\""; done
    printf '[%s]' "$out"
}

manifest_text() {  # manifest_text chromium|firefox
    local list
    if [ "$1" = firefox ]; then
        list="\"allowed_extensions\": $(json_list "${firefox_ids[@]}")"
    else
        local origins=() id
        for id in "${chromium_ids[@]}"; do origins+=("chrome-extension://$id/"); done
        list="\"allowed_origins\": $(json_list "${origins[@]}")"
    fi
    cat <<EOF
{
  "name": "$HOST_NAME",
  "description": "Cookie Warden: classifies cookies and applies your choices",
  "path": "$host_dest",
  "type": "stdio",
  $list
}
EOF
}

tmp_dir=$(mktemp -d)
pending_tmp=""  # a temporary file of replace_file not yet renamed into place
trap 'rm -rf "$tmp_dir"; [ -z "$pending_tmp" ] || rm -f "$pending_tmp"' EXIT

write_manifest() {  # write_manifest TARGET FORM DIR LABEL
    local target=$1 form=$2 dir=$3 label=$4
    check_plain_path "$dir"
    manifest_text "$form" >"$tmp_dir/manifest.json"
    put_file "$target" "$dir/$HOST_NAME.json" 644 "$tmp_dir/manifest.json" "$label"
}

# --- the install record: one line per thing written, "kind<TAB>target<TAB>value" ---------

old_record=()
if [ -f "$record" ]; then mapfile -t old_record <"$record"; fi

save_record() {  # save_record LINE...: the record's new content (removed when empty)
    $dry_run && return 0
    if [ $# -eq 0 ]; then rm -f "$record"; return 0; fi
    printf '%s\n' "$@" | LC_ALL=C sort -u >"$tmp_dir/record"
    if [ -f "$record" ] && cmp -s "$tmp_dir/record" "$record"; then return 0; fi
    make_dir install "$lib_dir"
    replace_file "$tmp_dir/record" "$record" 644
}

find_built() {  # find_built NAME: the built executable, from --build-dir or the usual places
    local dirs=() d
    if [ -n "$build_dir" ]; then dirs=("$build_dir"); else
        dirs=("$repo_root/build/release" "$repo_root/build/dev" "$repo_root/build")
    fi
    for d in "${dirs[@]}"; do
        for f in "$d/host/$1" "$d/$1"; do
            [ -x "$f" ] && [ -f "$f" ] && { absolute "$f"; return 0; }
        done
    done
    return 1
}

# ------------------------------------------------------------------------------------------

install_all() {
    local host_src cli_src b
    host_src=$(find_built cookie-warden-host) ||
        die "no built cookie-warden-host found${build_dir:+ in $build_dir}; run installers/setup.sh first, or pass --build-dir"
    cli_src=$(find_built cookie-warden) ||
        die "no built cookie-warden found${build_dir:+ in $build_dir}; run installers/setup.sh first, or pass --build-dir"

    $dry_run && echo "Dry run: nothing is changed."
    echo "Installing Cookie Warden for $(id -un) under $prefix"
    put_file install "$host_dest" 755 "$host_src" "host"
    put_file install "$cli_dest" 755 "$cli_src" "command-line tool"

    local targets=()
    if [ ${#browsers[@]} -gt 0 ]; then
        targets=("${browsers[@]}")
    elif [ ${#profile_dirs[@]} -eq 0 ]; then
        for b in "${ALL_BROWSERS[@]}"; do
            if browser_found "$b"; then targets+=("$b"); else echo "  $(browser_label "$b"): not found, skipped"; fi
        done
    fi
    for b in "${targets[@]}"; do
        local form=chromium
        [ "$b" = firefox ] && form=firefox
        write_manifest "$b" "$form" "$(browser_manifest_dir "$b")" "$(browser_label "$b")"
    done
    local p
    for p in "${profile_dirs[@]}"; do
        write_manifest "profile:$p" chromium "$p/NativeMessagingHosts" "profile $p"
    done

    # The host accepts extra ids only from its config file.
    if [ ${#extension_ids[@]} -gt 0 ]; then
        local dd config added id
        dd=$(data_dir)
        config="$dd/config.json"
        check_plain_path "$config"
        make_dir config "$dd" 700
        [ -e "$config" ] || note_record "file	config	$config"
        added=$(CW_DRY_RUN=$dry_run edit_config add "$config" "${extension_ids[@]}")
        for id in $added; do
            note_record "config-id	$config	$id"
            changed=$((changed + 1))
            if $dry_run; then echo "  would allow extension $id in $config"; else echo "  allowed extension $id in $config"; fi
        done
        # Ids already there that an earlier run added stay recorded as ours.
        local line
        for line in "${old_record[@]}"; do
            [[ $line == "config-id	$config	"* ]] && note_record "$line"
        done
    fi

    save_record "${old_record[@]}" "${new_record[@]}"
    report_sandboxed_browsers
    if [ "$changed" -eq 0 ]; then echo "Everything was already in place; nothing changed."; fi
    case ":$PATH:" in
        *":$bin_dir:"*) ;;
        *) echo "Note: $bin_dir is not on your PATH; add it to run 'cookie-warden' by name." ;;
    esac
}

# Removes the recorded things. With --browser/--profile-dir, only those registrations; the
# executables and config entries go when no registration is left.
uninstall_all() {
    if [ ${#old_record[@]} -eq 0 ]; then echo "Nothing to uninstall: no install record at $record."; return 0; fi
    $dry_run && echo "Dry run: nothing is changed."
    local selected=() kept=() line kind target value
    local filtered=false
    [ ${#browsers[@]} -gt 0 ] || [ ${#profile_dirs[@]} -gt 0 ] && filtered=true
    for line in "${old_record[@]}"; do
        IFS=$'\t' read -r kind target value <<<"$line"
        local pick=true
        if $filtered; then
            pick=false
            local b p
            for b in "${browsers[@]}"; do [ "$target" = "$b" ] && pick=true; done
            for p in "${profile_dirs[@]}"; do [ "$target" = "profile:$p" ] && pick=true; done
        fi
        if $pick; then selected+=("$line"); else kept+=("$line"); fi
    done
    # Nothing registered any more: everything else goes too.
    local registrations_left=false
    for line in "${kept[@]}"; do
        IFS=$'\t' read -r kind target value <<<"$line"
        case "$target" in install|config) ;; *) registrations_left=true ;; esac
    done
    if ! $registrations_left; then selected+=("${kept[@]}"); kept=(); fi

    # Config ids first (their file may go next), then files, then folders deepest first.
    for line in "${selected[@]}"; do
        IFS=$'\t' read -r kind target value <<<"$line"
        [ "$kind" = config-id ] || continue
        if [ -f "$target" ]; then
            CW_DRY_RUN=$dry_run edit_config remove "$target" "$value" >/dev/null
            if $dry_run; then echo "  would remove extension $value from $target"; else echo "  removed extension $value from $target"; fi
        fi
    done
    for line in "${selected[@]}"; do
        IFS=$'\t' read -r kind target value <<<"$line"
        [ "$kind" = file ] || continue
        [ -e "$value" ] || [ -L "$value" ] || continue
        if [ "$target" = config ] && $dry_run; then echo "  would remove $value if nothing else is left in it"; continue; fi
        if [ "$target" = config ] && ! config_is_empty "$value"; then
            echo "  kept $value (it holds settings not made by this installer)"
            continue
        fi
        if $dry_run; then echo "  would remove $value"; else rm -f "$value"; echo "  removed $value"; fi
    done
    # The record lives in lib_dir: drop it before the folders when nothing stays installed.
    if ! $dry_run && [ ${#kept[@]} -eq 0 ]; then rm -f "$record"; fi
    local dirs=()
    for line in "${selected[@]}"; do
        IFS=$'\t' read -r kind target value <<<"$line"
        [ "$kind" = dir ] && dirs+=("$value")
    done
    if [ ${#dirs[@]} -gt 0 ]; then
        local d
        while IFS= read -r d; do
            if $dry_run; then echo "  would remove folder $d if empty"; continue; fi
            if rmdir "$d" 2>/dev/null; then echo "  removed folder $d"; fi
        done < <(printf '%s\n' "${dirs[@]}" | awk '{ print length($0) "\t" $0 }' | sort -rn | cut -f2- | uniq)
    fi
    if ! $dry_run && [ ${#kept[@]} -gt 0 ]; then save_record "${kept[@]}"; fi
    echo "Uninstalled."
}

config_is_empty() {  # true when the config file holds nothing but an empty id list
    command -v python3 >/dev/null 2>&1 || return 1
    python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); sys.exit(0 if c in ({}, {"allowedExtensions": []}) else 1)' "$1" 2>/dev/null
}

if $uninstall; then uninstall_all; else install_all; fi
