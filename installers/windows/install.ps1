<#
.SYNOPSIS
  Per-user install of Cookie Warden on Windows (no administrator needed).

.DESCRIPTION
  Copies cookie-warden-host.exe and cookie-warden.exe to %LOCALAPPDATA%\Programs\Cookie Warden,
  writes the two host manifests there (allowed_origins for Chromium-family browsers,
  allowed_extensions for Firefox) and registers them under HKCU for Chrome, Chromium, Edge,
  Brave and Firefox. Running it again changes nothing that is already in place. -Uninstall
  removes what it wrote. -WhatIf says what would be done. The same as the per-user MSI
  (cookie-warden.wxs), for people who build from source.

.EXAMPLE
  powershell -ExecutionPolicy Bypass -File installers\windows\install.ps1 -BinDir build\windows\host
#>
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    # Folder with the built cookie-warden-host.exe and cookie-warden.exe.
    [string]$BinDir = (Join-Path $PSScriptRoot '..\..\build\windows\host'),
    # Extra extension ids to allow (a 32-letter Chromium id, or a Firefox add-on id).
    [string[]]$ExtensionId = @(),
    [switch]$Uninstall
)

Set-StrictMode -Version 3
$ErrorActionPreference = 'Stop'

$HostName = 'dk.cookiewarden.host'
$ChromiumOrigin = 'chrome-extension://jjnjmppplncaaifkjlbbjnehaemmebmg/'
$FirefoxId = 'cookie-warden@cookiewarden.dk'
$InstallDir = Join-Path $env:LOCALAPPDATA 'Programs\Cookie Warden'
$DataDir = if ($env:COOKIE_WARDEN_HOME) { $env:COOKIE_WARDEN_HOME } else { Join-Path $env:LOCALAPPDATA 'Cookie Warden' }
$Record = Join-Path $InstallDir 'install-record.json'

# Registry keys whose default value names the manifest, per browser (PLATFORM.md).
$Registrations = @(
    @{ Label = 'Google Chrome';  Key = "HKCU:\Software\Google\Chrome\NativeMessagingHosts\$HostName";  Form = 'chromium' },
    @{ Label = 'Chromium';       Key = "HKCU:\Software\Chromium\NativeMessagingHosts\$HostName";       Form = 'chromium' },
    @{ Label = 'Microsoft Edge'; Key = "HKCU:\Software\Microsoft\Edge\NativeMessagingHosts\$HostName"; Form = 'chromium' },
    @{ Label = 'Brave';          Key = "HKCU:\Software\BraveSoftware\Brave-Browser\NativeMessagingHosts\$HostName"; Form = 'chromium' },
    @{ Label = 'Firefox';        Key = "HKCU:\Software\Mozilla\NativeMessagingHosts\$HostName";        Form = 'firefox' }
)

$Utf8 = New-Object System.Text.UTF8Encoding($false)  # browsers want JSON without a byte-order mark

function Write-IfChanged([string]$Path, [string]$Text, [string]$What) {
    if ((Test-Path -LiteralPath $Path) -and ([IO.File]::ReadAllText($Path) -eq $Text)) {
        Write-Host "  ${What}: $Path (unchanged)"
        return
    }
    if ($PSCmdlet.ShouldProcess($Path, "write $What")) {
        [IO.File]::WriteAllText($Path, $Text, $Utf8)
        Write-Host "  ${What}: $Path"
    }
}

function Copy-IfChanged([string]$Source, [string]$Dest, [string]$What) {
    if ((Test-Path -LiteralPath $Dest) -and
        ((Get-FileHash -LiteralPath $Source).Hash -eq (Get-FileHash -LiteralPath $Dest).Hash)) {
        Write-Host "  ${What}: $Dest (unchanged)"
        return
    }
    if ($PSCmdlet.ShouldProcess($Dest, "copy $What")) {
        Copy-Item -LiteralPath $Source -Destination $Dest -Force
        Write-Host "  ${What}: $Dest"
    }
}

function Get-ManifestText([string]$Form, [string]$HostPath) {
    $chromiumIds = @($ExtensionId | Where-Object { $_ -match '^[a-p]{32}$' })
    $firefoxIds = @($ExtensionId | Where-Object { $_ -notmatch '^[a-p]{32}$' })
    $manifest = [ordered]@{
        name        = $HostName
        description = 'Cookie Warden: classifies cookies and applies your choices'
        path        = $HostPath
        type        = 'stdio'
    }
    if ($Form -eq 'firefox') {
        $manifest['allowed_extensions'] = @($FirefoxId) + $firefoxIds
    } else {
        $manifest['allowed_origins'] = @($ChromiumOrigin) + @($chromiumIds | ForEach-Object { "chrome-extension://$_/" })
    }
    return ($manifest | ConvertTo-Json -Depth 3) + "`n"
}

function Read-Record {
    if (Test-Path -LiteralPath $Record) { return Get-Content -LiteralPath $Record -Raw | ConvertFrom-Json }
    return [pscustomobject]@{ keys = @(); files = @(); configIds = @() }
}

function Install-CookieWarden {
    foreach ($exe in 'cookie-warden-host.exe', 'cookie-warden.exe') {
        if (-not (Test-Path -LiteralPath (Join-Path $BinDir $exe))) {
            throw "No $exe in $BinDir. Build the Windows host first, or pass -BinDir."
        }
    }
    foreach ($id in $ExtensionId) {
        if ($id -notmatch '^([a-p]{32}|[A-Za-z0-9._@{}+-]+)$') { throw "'$id' is not an extension id." }
    }
    Write-Host "Installing Cookie Warden for $env:USERNAME in $InstallDir"
    $record = Read-Record
    if (-not (Test-Path -LiteralPath $InstallDir) -and $PSCmdlet.ShouldProcess($InstallDir, 'create folder')) {
        New-Item -ItemType Directory -Path $InstallDir | Out-Null
    }
    $hostPath = Join-Path $InstallDir 'cookie-warden-host.exe'
    Copy-IfChanged (Join-Path $BinDir 'cookie-warden-host.exe') $hostPath 'host'
    Copy-IfChanged (Join-Path $BinDir 'cookie-warden.exe') (Join-Path $InstallDir 'cookie-warden.exe') 'command-line tool'
    $files = @('cookie-warden-host.exe', 'cookie-warden.exe')
    foreach ($form in 'chromium', 'firefox') {
        $name = "$HostName.$form.json"
        Write-IfChanged (Join-Path $InstallDir $name) (Get-ManifestText $form $hostPath) "host manifest ($form)"
        $files += $name
    }
    $keys = @()
    foreach ($r in $Registrations) {
        $manifestPath = Join-Path $InstallDir "$HostName.$($r.Form).json"
        $current = if (Test-Path $r.Key) { (Get-Item $r.Key).GetValue('') } else { $null }
        if ($current -eq $manifestPath) {
            Write-Host "  $($r.Label): $($r.Key) (unchanged)"
        } elseif ($PSCmdlet.ShouldProcess($r.Key, "register for $($r.Label)")) {
            New-Item -Path $r.Key -Force | Out-Null
            Set-Item -Path $r.Key -Value $manifestPath
            Write-Host "  $($r.Label): $($r.Key)"
        }
        $keys += $r.Key
    }

    # The host accepts extra ids only from its config.json.
    $configIds = @($record.configIds)
    if ($ExtensionId.Count -gt 0) {
        $config = Join-Path $DataDir 'config.json'
        $data = if (Test-Path -LiteralPath $config) { Get-Content -LiteralPath $config -Raw | ConvertFrom-Json } else { [pscustomobject]@{} }
        $allowed = @()
        if ($data.PSObject.Properties['allowedExtensions']) { $allowed = @($data.allowedExtensions) }
        $added = @($ExtensionId | Where-Object { $allowed -notcontains $_ })
        if ($added.Count -gt 0 -and $PSCmdlet.ShouldProcess($config, "allow $($added -join ', ')")) {
            if (-not (Test-Path -LiteralPath $DataDir)) { New-Item -ItemType Directory -Path $DataDir | Out-Null }
            $data | Add-Member -NotePropertyName allowedExtensions -NotePropertyValue (@($allowed) + $added) -Force
            [IO.File]::WriteAllText($config, ($data | ConvertTo-Json -Depth 5) + "`n", $Utf8)
            Write-Host "  allowed $($added -join ', ') in $config"
            $configIds += $added
        }
    }
    $newRecord = [ordered]@{ keys = $keys; files = $files; configIds = @($configIds | Select-Object -Unique) }
    if ($PSCmdlet.ShouldProcess($Record, 'write install record')) {
        Write-IfChanged $Record (($newRecord | ConvertTo-Json -Depth 3) + "`n") 'install record'
    }
}

function Uninstall-CookieWarden {
    if (-not (Test-Path -LiteralPath $Record)) { Write-Host "Nothing to uninstall: no install record at $Record."; return }
    $record = Read-Record
    foreach ($key in @($record.keys)) {
        if ((Test-Path $key) -and $PSCmdlet.ShouldProcess($key, 'remove registry key')) {
            Remove-Item -Path $key -Recurse
            Write-Host "  removed $key"
        }
    }
    $config = Join-Path $DataDir 'config.json'
    if (@($record.configIds).Count -gt 0 -and (Test-Path -LiteralPath $config) -and
        $PSCmdlet.ShouldProcess($config, 'remove the ids this installer added')) {
        $data = Get-Content -LiteralPath $config -Raw | ConvertFrom-Json
        $data.allowedExtensions = @($data.allowedExtensions | Where-Object { @($record.configIds) -notcontains $_ })
        [IO.File]::WriteAllText($config, ($data | ConvertTo-Json -Depth 5) + "`n", $Utf8)
        Write-Host "  removed $(@($record.configIds) -join ', ') from $config"
    }
    foreach ($name in @($record.files) + 'install-record.json') {
        $path = Join-Path $InstallDir $name
        if ((Test-Path -LiteralPath $path) -and $PSCmdlet.ShouldProcess($path, 'remove')) {
            Remove-Item -LiteralPath $path
            Write-Host "  removed $path"
        }
    }
    if ((Test-Path -LiteralPath $InstallDir) -and -not (Get-ChildItem -LiteralPath $InstallDir -Force) -and
        $PSCmdlet.ShouldProcess($InstallDir, 'remove empty folder')) {
        Remove-Item -LiteralPath $InstallDir
    }
    Write-Host 'Uninstalled.'
}

if ($Uninstall) { Uninstall-CookieWarden } else { Install-CookieWarden }
