<#
.SYNOPSIS
    Builds the Windows installer for Treserva Desktop: dist\TreservaDesktop-<version>-setup.exe.

.DESCRIPTION
    1. creates a clean build venv (.venv-build) with the application and PyInstaller,
    2. freezes it with PyInstaller (installer\treserva-desktop.spec) into dist\TreservaDesktop,
    3. smoke-tests the frozen console executable (--version, --self-test, db upgrade on a
       scratch file),
    4. signs both executables (with -Sign; see installer\sign.ps1),
    5. packs the folder with NSIS (installer\treserva-desktop.nsi), which with -Sign also
       signs the uninstaller and the installer.
    Run from any folder:  powershell -ExecutionPolicy Bypass -File installer\build.ps1

.PARAMETER Python
    The Python launcher command to create the venv with (default: "py -3.11").

.PARAMETER MakeNsis
    Path to makensis.exe; found on PATH or in the default NSIS folder when omitted.

.PARAMETER SkipInstaller
    Stop after PyInstaller (no NSIS needed).

.PARAMETER Publisher
    The organisation that publishes the build (Installerade appar, version information);
    default: the environment variable TRESERVA_PUBLISHER. Needed for the installer.

.PARAMETER Sign
    Sign the executables, the uninstaller and the installer with the certificate the build
    environment names (installer\sign.ps1).
#>
[CmdletBinding()]
param(
    [string]$Python = "py -3.11",
    [string]$MakeNsis = "",
    [switch]$SkipInstaller,
    [string]$Publisher = $env:TRESERVA_PUBLISHER,
    [switch]$Sign
)

$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest

function Invoke-Checked {
    param([string]$Exe, [string[]]$Arguments)
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "$Exe $($Arguments -join ' ') failed with exit code $LASTEXITCODE"
    }
}

$Root = Split-Path -Parent $PSScriptRoot
Set-Location $Root

$BuildVenv = Join-Path $Root ".venv-build"
$VenvPython = Join-Path $BuildVenv "Scripts\python.exe"
$Spec = Join-Path $PSScriptRoot "treserva-desktop.spec"
$Nsi = Join-Path $PSScriptRoot "treserva-desktop.nsi"
$DistRoot = Join-Path $Root "dist"
$DistDir = Join-Path $DistRoot "TreservaDesktop"
$WorkDir = Join-Path $Root "build\pyinstaller"

Write-Host "== Build venv: $BuildVenv"
if (Test-Path $BuildVenv) { Remove-Item -Recurse -Force $BuildVenv }
$launcherParts = @($Python -split " " | Where-Object { $_ })
$launcher = $launcherParts[0]
$launcherArgs = @($launcherParts | Select-Object -Skip 1)
Invoke-Checked $launcher ($launcherArgs + @("-m", "venv", $BuildVenv))
Invoke-Checked $VenvPython @("-m", "pip", "install", "--quiet", "--upgrade", "pip")
# The dependencies and the package metadata at the versions a user would get; PyInstaller
# itself analyses the code from src\ (see the spec).
Invoke-Checked $VenvPython @("-m", "pip", "install", "--quiet", ".", "pyinstaller")

$Version = (& $VenvPython -c "from importlib.metadata import version; print(version('treserva-desktop'))").Trim()
if ($LASTEXITCODE -ne 0 -or -not $Version) { throw "could not read the package version" }
if ($Version -notmatch '^(\d+)\.(\d+)\.(\d+)') { throw "unexpected version '$Version'" }
$VersionQuad = "$($Matches[1]).$($Matches[2]).$($Matches[3]).0"
Write-Host "== Version $Version ($VersionQuad)"

Write-Host "== PyInstaller"
# A clean folder: nothing of an earlier build may end up in the installer.
foreach ($old in @($DistDir, $WorkDir)) {
    if (Test-Path $old) { Remove-Item -Recurse -Force $old }
}
Invoke-Checked $VenvPython @(
    "-m", "PyInstaller", "--noconfirm", "--clean",
    "--distpath", $DistRoot, "--workpath", $WorkDir, $Spec
)

Write-Host "== Smoke test of the frozen build"
$FrozenCli = Join-Path $DistDir "treserva-desktop.exe"
# One version: the frozen program must say the version the package metadata (and so the
# installer) has.
$FrozenVersion = (& $FrozenCli --version | Out-String).Trim()
if ($LASTEXITCODE -ne 0 -or $FrozenVersion -ne "treserva-desktop $Version") {
    throw "the frozen build says '$FrozenVersion', the package metadata $Version"
}
# Offscreen: temporary database, migrations, demo, main window, assignment PDF in QtPdf.
Invoke-Checked $FrozenCli @("--self-test")
# Runs every migration from inside the bundle, so a missing env.py or version file shows here.
$SmokeDb = Join-Path ([System.IO.Path]::GetTempPath()) "treserva-smoke-$PID.sqlite3"
try {
    $SmokeUrl = "sqlite:///" + ($SmokeDb -replace '\\', '/')
    Invoke-Checked $FrozenCli @("--database-url", $SmokeUrl, "db", "upgrade")
} finally {
    Remove-Item -Force -ErrorAction SilentlyContinue "$SmokeDb*"
}
foreach ($needed in @(
        "TreservaDesktop.exe",
        "_internal\treserva_desktop\migrations\env.py",
        "_internal\treserva_desktop\migrations\versions"
    )) {
    if (-not (Test-Path (Join-Path $DistDir $needed))) { throw "missing in the bundle: $needed" }
}
if (-not (Get-ChildItem -Path $DistDir -Recurse -Filter "qtbase_sv.qm")) {
    throw "missing in the bundle: qtbase_sv.qm"
}

if ($Sign) {
    Write-Host "== Signing the executables"
    foreach ($exe in @("TreservaDesktop.exe", "treserva-desktop.exe")) {
        Invoke-Checked "powershell" @(
            "-NoProfile", "-ExecutionPolicy", "Bypass",
            "-File", (Join-Path $PSScriptRoot "sign.ps1"), (Join-Path $DistDir $exe)
        )
    }
}

if ($SkipInstaller) {
    Write-Host "== Done (no installer): $DistDir"
    exit 0
}

Write-Host "== NSIS"
if (-not $MakeNsis) {
    $onPath = Get-Command makensis.exe -ErrorAction SilentlyContinue
    if ($onPath) {
        $MakeNsis = $onPath.Source
    } else {
        $MakeNsis = Join-Path ${env:ProgramFiles(x86)} "NSIS\makensis.exe"
    }
}
if (-not (Test-Path $MakeNsis)) {
    throw "makensis.exe not found; install NSIS 3 (https://nsis.sourceforge.io) or pass -MakeNsis"
}
if (-not $Publisher) {
    throw "no publisher: pass -Publisher 'Organisationens namn' or set TRESERVA_PUBLISHER"
}
$SetupExe = Join-Path $DistRoot "TreservaDesktop-$Version-setup.exe"
$NsisArguments = @(
    "/V3",
    "/WX",
    "/DVERSION=$Version",
    "/DVERSION_QUAD=$VersionQuad",
    "/DDIST_DIR=$DistDir",
    "/DOUT_FILE=$SetupExe",
    "/DPUBLISHER=$Publisher"
)
if ($Sign) { $NsisArguments += "/DSIGN" }
Invoke-Checked $MakeNsis ($NsisArguments + @($Nsi))

Write-Host "== Done: $SetupExe"
