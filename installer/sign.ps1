<#
.SYNOPSIS
    Signs one file with signtool, taking the certificate from the build environment.

.DESCRIPTION
    Called by build.ps1 for TreservaDesktop.exe and treserva-desktop.exe, and by makensis
    (!finalize / !uninstfinalize, when built with /DSIGN) for the installer and the
    uninstaller. Nothing secret is in the repository or on a command line that is logged:

      TRESERVA_SIGN_THUMBPRINT   SHA-1 thumbprint of a code-signing certificate in the
                                 build account's certificate store (CurrentUser\My or
                                 LocalMachine\My, e.g. on a hardware token), or
      TRESERVA_SIGN_PFX          path to a .pfx file, with
      TRESERVA_SIGN_PFX_PASSWORD its password (a secret of the build server).
      TRESERVA_SIGN_TIMESTAMP    RFC 3161 time-stamp server (default: DigiCert's).
      TRESERVA_SIGNTOOL          signtool.exe (default: found on PATH or in the Windows SDK).

    Exit code 0 when signed and verified; anything else stops the build.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][string]$File)

$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest

$signtool = $env:TRESERVA_SIGNTOOL
if (-not $signtool) {
    $onPath = Get-Command signtool.exe -ErrorAction SilentlyContinue
    if ($onPath) {
        $signtool = $onPath.Source
    } else {
        $signtool = Get-ChildItem "${env:ProgramFiles(x86)}\Windows Kits\10\bin\*\x64\signtool.exe" `
            -ErrorAction SilentlyContinue | Sort-Object FullName | Select-Object -Last 1 -ExpandProperty FullName
    }
}
if (-not $signtool -or -not (Test-Path $signtool)) { throw "signtool.exe not found (set TRESERVA_SIGNTOOL)" }

$timestamp = if ($env:TRESERVA_SIGN_TIMESTAMP) { $env:TRESERVA_SIGN_TIMESTAMP } else { "http://timestamp.digicert.com" }
$arguments = @("sign", "/fd", "sha256", "/tr", $timestamp, "/td", "sha256", "/d", "Treserva Desktop")
if ($env:TRESERVA_SIGN_THUMBPRINT) {
    $arguments += @("/sha1", $env:TRESERVA_SIGN_THUMBPRINT)
} elseif ($env:TRESERVA_SIGN_PFX) {
    $arguments += @("/f", $env:TRESERVA_SIGN_PFX)
    if ($env:TRESERVA_SIGN_PFX_PASSWORD) { $arguments += @("/p", $env:TRESERVA_SIGN_PFX_PASSWORD) }
} else {
    throw "no certificate: set TRESERVA_SIGN_THUMBPRINT or TRESERVA_SIGN_PFX"
}

& $signtool @($arguments + @($File)) | Out-Host
if ($LASTEXITCODE -ne 0) { throw "signtool sign failed for $File" }
& $signtool verify /pa /q $File | Out-Host
if ($LASTEXITCODE -ne 0) { throw "signtool verify failed for $File" }
Write-Host "signed: $File"
exit 0
