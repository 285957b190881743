#!/bin/sh
# Per-user install of Cookie Warden on macOS (no administrator needed): copies the built host
# and command-line tool under ~/.local and writes the host manifest where each browser reads a
# user's native-messaging hosts (~/Library/Application Support/<browser>/NativeMessagingHosts).
# POSIX sh, because macOS ships bash 3.2. Safe to run again; --uninstall removes exactly what
# it wrote, listed in ~/.local/lib/cookie-warden/install-record.
set -eu

HOST_NAME=dk.cookiewarden.host
CHROMIUM_ORIGIN=chrome-extension://jjnjmppplncaaifkjlbbjnehaemmebmg/
FIREFOX_ID=cookie-warden@cookiewarden.dk
ALL_BROWSERS="chrome chromium edge brave vivaldi firefox"

usage() {
    cat <<'EOF'
Usage: installers/macos/install.sh [options]

Installs cookie-warden-host and cookie-warden for this user and registers the host with the
browsers found (Chrome, Chromium, Edge, Brave, Vivaldi, Firefox).

  --browser NAME      only this browser (repeatable): chrome chromium edge brave vivaldi firefox
  --extension-id ID   also allow this extension (repeatable; Chromium ids are 32 letters a-p)
  --build-dir DIR     where the built executables are (default build/release, build/dev, build)
  --prefix DIR        install under DIR/lib/cookie-warden and DIR/bin (default ~/.local)
  --uninstall         remove what earlier runs installed
  --dry-run           say what would be done, change nothing
EOF
}

die() { echo "install.sh: $*" >&2; exit 1; }
usage_error() { echo "install.sh: $*" >&2; exit 2; }

# The test suite runs this on Linux with a temporary HOME; anywhere else it is macOS only.
if [ "$(uname -s)" != Darwin ] && [ "${COOKIE_WARDEN_TEST_ANY_OS:-}" != 1 ]; then
    die "this is the macOS installer; on Linux use installers/install.sh"
fi

repo_root=$(cd "$(dirname "$0")/../.." && pwd)
browsers=""
chromium_extra=""
firefox_extra=""
extra_ids=""
build_dir=""
prefix="${HOME:?HOME must be set}/.local"
uninstall=false
dry_run=false

while [ $# -gt 0 ]; do
    case "$1" in
        --browser)
            [ $# -ge 2 ] || usage_error "--browser needs a name"
            case " $ALL_BROWSERS " in *" $2 "*) ;; *) usage_error "unknown browser '$2' (known: $ALL_BROWSERS)" ;; esac
            browsers="$browsers $2"; shift 2 ;;
        --extension-id)
            [ $# -ge 2 ] || usage_error "--extension-id needs an id"
            if printf '%s' "$2" | grep -Eq '^[a-p]{32}$'; then chromium_extra="$chromium_extra $2"
            elif printf '%s' "$2" | grep -Eq '^[A-Za-z0-9._@{}+-]+$'; then firefox_extra="$firefox_extra $2"
            else usage_error "'$2' is neither a Chromium extension id nor a Firefox add-on id"; fi
            extra_ids="$extra_ids $2"; shift 2 ;;
        --build-dir) [ $# -ge 2 ] || usage_error "--build-dir needs a folder"; build_dir=$2; shift 2 ;;
        --prefix) [ $# -ge 2 ] || usage_error "--prefix needs a folder"; prefix=$2; shift 2 ;;
        --uninstall) uninstall=true; shift ;;
        --dry-run) dry_run=true; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage_error "unknown option: $1" ;;
    esac
done

case "$prefix" in /*) ;; *) prefix="$PWD/$prefix" ;; esac
case "$prefix" in *'"'*|*\\*) die "cannot use a prefix with quotes or backslashes: $prefix" ;; esac
lib_dir="$prefix/lib/cookie-warden"
host_dest="$lib_dir/cookie-warden-host"
cli_dest="$prefix/bin/cookie-warden"
record="$lib_dir/install-record"
support="$HOME/Library/Application Support"
data_dir="${COOKIE_WARDEN_HOME:-$support/Cookie Warden}"

label() {
    case "$1" in
        chrome) echo "Google Chrome" ;; chromium) echo "Chromium" ;; edge) echo "Microsoft Edge" ;;
        brave) echo "Brave" ;; vivaldi) echo "Vivaldi" ;; firefox) echo "Firefox" ;;
    esac
}
app_name() {
    case "$1" in
        chrome) echo "Google Chrome" ;; chromium) echo "Chromium" ;; edge) echo "Microsoft Edge" ;;
        brave) echo "Brave Browser" ;; vivaldi) echo "Vivaldi" ;; firefox) echo "Firefox" ;;
    esac
}
support_dir() {  # the browser's own folder under ~/Library/Application Support
    case "$1" in
        chrome) echo "$support/Google/Chrome" ;; chromium) echo "$support/Chromium" ;;
        edge) echo "$support/Microsoft Edge" ;; brave) echo "$support/BraveSoftware/Brave-Browser" ;;
        vivaldi) echo "$support/Vivaldi" ;; firefox) echo "$support/Mozilla" ;;
    esac
}
manifest_dir() { echo "$(support_dir "$1")/NativeMessagingHosts"; }
found() {
    [ -d "/Applications/$(app_name "$1").app" ] || [ -d "$HOME/Applications/$(app_name "$1").app" ] ||
        [ -d "$(support_dir "$1")" ]
}

find_built() {
    for d in ${build_dir:-"$repo_root/build/release" "$repo_root/build/dev" "$repo_root/build"}; do
        for f in "$d/host/$1" "$d/$1"; do
            if [ -f "$f" ] && [ -x "$f" ]; then
                case "$f" in /*) echo "$f" ;; *) echo "$PWD/$f" ;; esac
                return 0
            fi
        done
    done
    return 1
}

changed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: >"$tmp/record"
[ -f "$record" ] && cat "$record" >>"$tmp/record"

remember() { printf '%s\n' "$1" >>"$tmp/record"; }

make_dir() {  # creates the folder and missing parents, remembering each
    [ -d "$1" ] && return 0
    make_dir "$(dirname "$1")"
    if $dry_run; then echo "  would create $1"; else mkdir "$1"; fi
    remember "dir	$1"
}

# put SOURCE DEST MODE WHAT: a copy made in a fresh temporary file of DEST's folder, renamed
# over DEST. A symbolic link at DEST is never followed (not to compare, not to write): it is
# removed first, because BSD mv has no -T and would move the file into a folder it links to.
put() {
    remember "file	$2"
    if [ ! -L "$2" ] && [ -f "$2" ] && cmp -s "$1" "$2"; then echo "  $4: $2 (unchanged)"; return 0; fi
    changed=$((changed + 1))
    if $dry_run; then echo "  $4: would write $2"; return 0; fi
    make_dir "$(dirname "$2")"
    new=$(mktemp "$(dirname "$2")/.$(basename "$2").XXXXXX") || die "cannot write in $(dirname "$2")"
    if ! { cp "$1" "$new" && chmod "$3" "$new"; }; then rm -f "$new"; die "cannot write $2"; fi
    if [ -L "$2" ]; then rm -f "$2"; fi
    mv -f "$new" "$2" || { rm -f "$new"; die "cannot write $2"; }
    echo "  $4: $2"
}

json_list() {  # json_list PREFIX SUFFIX ITEM...
    p=$1; s=$2; shift 2; out=""
    for i in "$@"; do out="$out${out:+, }\"$p$i$s\""; done
    printf '[%s]' "$out"
}

manifest() {  # manifest chromium|firefox
    if [ "$1" = firefox ]; then
        # shellcheck disable=SC2086 # the id lists are plain words
        list="\"allowed_extensions\": $(json_list "" "" "$FIREFOX_ID" $firefox_extra)"
    else
        # shellcheck disable=SC2086
        list="\"allowed_origins\": [\"$CHROMIUM_ORIGIN\"$(for i in $chromium_extra; do printf ', "chrome-extension://%s/"' "$i"; done)]"
    fi
    printf '{\n  "name": "%s",\n  "description": "Cookie Warden: classifies cookies and applies your choices",\n  "path": "%s",\n  "type": "stdio",\n  %s\n}\n' \
        "$HOST_NAME" "$host_dest" "$list"
}

do_install() {
    host_src=$(find_built cookie-warden-host) || die "no built cookie-warden-host found; build first (cmake --preset release && cmake --build --preset release) or pass --build-dir"
    cli_src=$(find_built cookie-warden) || die "no built cookie-warden found; pass --build-dir"
    $dry_run && echo "Dry run: nothing is changed."
    echo "Installing Cookie Warden for $(id -un) under $prefix"
    put "$host_src" "$host_dest" 755 host
    put "$cli_src" "$cli_dest" 755 "command-line tool"
    targets=$browsers
    if [ -z "$targets" ]; then
        for b in $ALL_BROWSERS; do
            if found "$b"; then targets="$targets $b"; else echo "  $(label "$b"): not found, skipped"; fi
        done
    fi
    for b in $targets; do
        form=chromium
        [ "$b" = firefox ] && form=firefox
        manifest "$form" >"$tmp/$b.json"
        put "$tmp/$b.json" "$(manifest_dir "$b")/$HOST_NAME.json" 644 "$(label "$b")"
    done
    if [ -n "$extra_ids" ]; then
        config="$data_dir/config.json"
        if [ -f "$config" ] && ! command -v python3 >/dev/null 2>&1; then
            die "$config exists and python3 is needed to add ids to it; add them by hand: {\"allowedExtensions\": [...]}"
        fi
        if [ ! -f "$config" ]; then
            # shellcheck disable=SC2086
            printf '{"allowedExtensions": %s}\n' "$(json_list "" "" $extra_ids)" >"$tmp/config.json"
            make_dir "$data_dir"
            $dry_run || chmod 700 "$data_dir"
            put "$tmp/config.json" "$config" 600 "allowed extensions"
        else
            # Ids added to a config.json that was already there stay on --uninstall.
            # shellcheck disable=SC2086
            added=$(python3 -c 'import json,os,sys,tempfile
p=sys.argv[2]; c=json.load(open(p)); a=c.setdefault("allowedExtensions",[])
new=[i for i in sys.argv[3:] if i not in a]
if new and sys.argv[1]!="true":
    a.extend(new)
    fd,t=tempfile.mkstemp(dir=os.path.dirname(p),prefix=".config.json.")
    with os.fdopen(fd,"w") as f: json.dump(c,f,indent=2)
    os.replace(t,p)  # replaces a link at p, never writes through it
print(" ".join(new))' "$dry_run" "$config" $extra_ids)
            if [ -n "$added" ]; then changed=$((changed + 1)); echo "  allowed extensions $added in $config"; fi
        fi
    fi
    if ! $dry_run; then
        make_dir "$lib_dir"
        sort -u "$tmp/record" >"$tmp/record.sorted"
        if ! cmp -s "$tmp/record.sorted" "$record" 2>/dev/null; then
            new=$(mktemp "$lib_dir/.install-record.XXXXXX")
            cp "$tmp/record.sorted" "$new" && chmod 644 "$new" && mv -f "$new" "$record"
        fi
    fi
    [ "$changed" -eq 0 ] && echo "Everything was already in place; nothing changed."
    return 0
}

do_uninstall() {
    [ -f "$record" ] || { echo "Nothing to uninstall: no install record at $record."; return 0; }
    $dry_run && echo "Dry run: nothing is changed."
    grep '^file	' "$record" | cut -f2- | while IFS= read -r f; do
        [ -e "$f" ] || [ -L "$f" ] || continue
        if $dry_run; then echo "  would remove $f"; else rm -f "$f"; echo "  removed $f"; fi
    done
    $dry_run || rm -f "$record"
    return 0
}

if $uninstall; then
    if [ -f "$record" ] && ! $dry_run; then cp "$record" "$tmp/old-record"; fi
    do_uninstall
    if [ -f "$tmp/old-record" ]; then  # deepest folders first, and only empty ones
        grep '^dir	' "$tmp/old-record" | cut -f2- | awk '{ print length($0) "\t" $0 }' | sort -rn | cut -f2- |
            while IFS= read -r d; do if rmdir "$d" 2>/dev/null; then echo "  removed folder $d"; fi; done
    fi
    echo "Uninstalled."
else
    do_install
fi
