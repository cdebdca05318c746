; NSIS installer for Treserva Desktop (Windows, 64-bit). Built by installer\build.ps1:
;   makensis /DVERSION=0.1.0 /DVERSION_QUAD=0.1.0.0 /DDIST_DIR=<repo>\dist\TreservaDesktop
;            /DOUT_FILE=<repo>\dist\TreservaDesktop-0.1.0-setup.exe
;            "/DPUBLISHER=<organisation>" [/DSIGN] installer\treserva-desktop.nsi
; Installs the PyInstaller folder into Program Files\Treserva Desktop for all users, with
; start-menu and desktop shortcuts and an uninstaller. The user's own data (the local SQLite
; database, logs and backups under %LOCALAPPDATA%\treserva-desktop) is never touched, nor is the
; machine-wide configuration in %ProgramData%\Treserva Desktop.
;
; Command-line options of setup.exe (silent with /S; see docs/installation.md):
;   /DBURL=postgresql+psycopg://user@server/treserva   shared database (no password in it)
;   /PASSFILE=C:\ProgramData\Treserva Desktop\pgpass.conf
;   /SUPPORTNAME=… /SUPPORTPHONE=… /SUPPORTHOURS=… /SUPPORTEMAIL=…   the support desk
;   /IDLELOCK=15          minutes before the windows are locked
;   /NODESKTOP            no desktop shortcut (an existing one is removed)
;   /ALLOWDOWNGRADE       install over a newer version (refused otherwise when silent)
;   /D=C:\Folder          install folder (last option, no quotes); an upgrade keeps the folder
;                         of the installed copy unless /D is given

Unicode true
!ifdef FAST_COMPRESSION
  SetCompressor zlib
!else
  SetCompressor /SOLID lzma
!endif

!include "MUI2.nsh"
!include "x64.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "WordFunc.nsh"

!define APP_NAME "Treserva Desktop"
!define APP_EXE "TreservaDesktop.exe"
!define CLI_EXE "treserva-desktop.exe"
!define UNINSTALLER "Avinstallera.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\TreservaDesktop"
!define DEFAULT_DIR "$PROGRAMFILES64\${APP_NAME}"
; The machine-wide configuration the program reads (see src/treserva_desktop/configuration.py).
; $APPDATA is %ProgramData% under SetShellVarContext all (set in .onInit).
!define CONFIG_DIR "$APPDATA\${APP_NAME}"
!define CONFIG_FILE "${CONFIG_DIR}\treserva.ini"
!define CONFIG_SECTION "${APP_NAME}"

!ifndef VERSION
  !define VERSION "0.1.0"
!endif
!ifndef VERSION_QUAD
  !define VERSION_QUAD "${VERSION}.0"
!endif
!ifndef DIST_DIR
  !define DIST_DIR "..\dist\TreservaDesktop"
!endif
!ifndef OUT_FILE
  !define OUT_FILE "..\dist\TreservaDesktop-${VERSION}-setup.exe"
!endif
; The organisation that publishes the build (shown under Installerade appar and in the
; version information), never the program's name: build.ps1 passes it.
!ifndef PUBLISHER
  !error "PUBLISHER saknas: ange organisationens namn, t.ex. makensis /DPUBLISHER=..."
!endif
!ifndef HELP_URL
  !define HELP_URL "https://github.com/treserva-desktop/treserva-desktop/blob/main/docs/installation.md"
!endif

; Signing: with /DSIGN every executable NSIS writes (the installer and the uninstaller) is
; signed as the last step of the build; installer\sign.ps1 takes the certificate from the
; build environment (see installer\README.md). SIGN_COMMAND may replace the script.
!ifdef SIGN
  !ifndef SIGN_COMMAND
    !define SIGN_COMMAND 'powershell -NoProfile -ExecutionPolicy Bypass -File "${__FILEDIR__}\sign.ps1"'
  !endif
  !finalize '${SIGN_COMMAND} "%1"' = 0
  !uninstfinalize '${SIGN_COMMAND} "%1"' = 0
!endif

Name "${APP_NAME}"
OutFile "${OUT_FILE}"
; The folder of an installed copy is read in .onInit, in the 64-bit registry view it is
; written in (InstallDirRegKey would read the 32-bit view).
InstallDir "${DEFAULT_DIR}"
RequestExecutionLevel admin
ShowInstDetails show
ShowUninstDetails show

!if /FileExists "${__FILEDIR__}\..\resources\icons\treserva.ico"
  !define MUI_ICON "${__FILEDIR__}\..\resources\icons\treserva.ico"
  !define MUI_UNICON "${__FILEDIR__}\..\resources\icons\treserva.ico"
!endif
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Starta ${APP_NAME}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "Swedish"

; Version resource of setup.exe; VIProductVersion needs four numbers (a.b.c.d).
VIProductVersion "${VERSION_QUAD}"
VIAddVersionKey /LANG=${LANG_SWEDISH} "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=${LANG_SWEDISH} "FileDescription" "Installationsprogram för ${APP_NAME}"
VIAddVersionKey /LANG=${LANG_SWEDISH} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SWEDISH} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SWEDISH} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_SWEDISH} "LegalCopyright" "${PUBLISHER}"

Var Parameters

; Stops while either executable in $INSTDIR is in use, in any user's session: a running
; program's file cannot be opened for writing. Silent: gives up at once (exit code 2).
!macro WAIT_UNTIL_NOT_RUNNING UN
Function ${UN}WaitUntilNotRunning
  check:
    StrCpy $1 ""
    ${If} ${FileExists} "$INSTDIR\${APP_EXE}"
      ClearErrors
      FileOpen $0 "$INSTDIR\${APP_EXE}" a
      ${If} ${Errors}
        StrCpy $1 "busy"
      ${Else}
        FileClose $0
      ${EndIf}
    ${EndIf}
    ${If} ${FileExists} "$INSTDIR\${CLI_EXE}"
      ClearErrors
      FileOpen $0 "$INSTDIR\${CLI_EXE}" a
      ${If} ${Errors}
        StrCpy $1 "busy"
      ${Else}
        FileClose $0
      ${EndIf}
    ${EndIf}
    ${If} $1 == ""
      Return
    ${EndIf}
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION \
      "${APP_NAME} är igång på den här datorn (kanske i en annan användares session).$\n$\nStäng programmet och välj Försök igen, eller Avbryt." \
      /SD IDCANCEL IDRETRY check
    SetErrorLevel 2
    Quit
FunctionEnd
!macroend
!insertmacro WAIT_UNTIL_NOT_RUNNING ""
!insertmacro WAIT_UNTIL_NOT_RUNNING "un."

; Writes one value of the machine-wide configuration when the option was given.
!macro CONFIG_OPTION OPTION KEY
  ClearErrors
  ${GetOptions} $Parameters "${OPTION}" $0
  ${IfNot} ${Errors}
    WriteINIStr "${CONFIG_FILE}" "${CONFIG_SECTION}" "${KEY}" "$0"
    DetailPrint "Maskingemensam inställning ${KEY} skriven i ${CONFIG_FILE}"
  ${EndIf}
!macroend

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_OK|MB_ICONSTOP "${APP_NAME} kräver 64-bitars Windows." /SD IDOK
    SetErrorLevel 3
    Abort
  ${EndIf}
  SetRegView 64
  SetShellVarContext all
  ${GetParameters} $Parameters

  ; Upgrade: keep the installed copy's folder unless /D named another.
  ReadRegStr $0 HKLM "${UNINSTALL_KEY}" "InstallLocation"
  ${If} $0 != ""
  ${AndIf} $INSTDIR == "${DEFAULT_DIR}"
    StrCpy $INSTDIR $0
  ${EndIf}

  ; Downgrade: asked (default No); silent only with /ALLOWDOWNGRADE.
  ReadRegStr $0 HKLM "${UNINSTALL_KEY}" "DisplayVersion"
  ${If} $0 != ""
    ${VersionCompare} "$0" "${VERSION}" $1
    ${If} $1 == 1
      ClearErrors
      ${GetOptions} $Parameters "/ALLOWDOWNGRADE" $2
      ${If} ${Errors}
        MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 \
          "En nyare version av ${APP_NAME} ($0) är redan installerad. Vill du ersätta den med den äldre versionen ${VERSION}?$\n$\nEn äldre version kan inte öppna en databas som har uppgraderats av den nyare." \
          /SD IDNO IDYES downgrade_accepted
        SetErrorLevel 4
        Abort
      ${EndIf}
    ${EndIf}
  ${EndIf}
  downgrade_accepted:
FunctionEnd

Function un.onInit
  SetRegView 64
  SetShellVarContext all
FunctionEnd

Section "${APP_NAME}" SecMain
  SectionIn RO

  Call WaitUntilNotRunning

  ; An older version's files go first, so nothing stale is left in _internal.
  RMDir /r "$INSTDIR\_internal"

  SetOutPath "$INSTDIR"
  File /r "${DIST_DIR}\*.*"

  WriteUninstaller "$INSTDIR\${UNINSTALLER}"

  CreateDirectory "$SMPROGRAMS\${APP_NAME}"
  CreateShortcut "$SMPROGRAMS\${APP_NAME}\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
  CreateShortcut "$SMPROGRAMS\${APP_NAME}\Avinstallera ${APP_NAME}.lnk" "$INSTDIR\${UNINSTALLER}"
  ClearErrors
  ${GetOptions} $Parameters "/NODESKTOP" $0
  ${If} ${Errors}
    CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
  ${Else}
    Delete "$DESKTOP\${APP_NAME}.lnk"
  ${EndIf}

  ; The machine-wide configuration: only the options given, other values are kept. A new
  ; file starts with a UTF-16 byte order mark, so Windows writes å, ä and ö as Unicode.
  CreateDirectory "${CONFIG_DIR}"
  ${IfNot} ${FileExists} "${CONFIG_FILE}"
    FileOpen $0 "${CONFIG_FILE}" w
    FileWriteWord $0 0xFEFF
    FileClose $0
  ${EndIf}
  !insertmacro CONFIG_OPTION "/DBURL=" "database_url"
  !insertmacro CONFIG_OPTION "/PASSFILE=" "database_passfile"
  !insertmacro CONFIG_OPTION "/SUPPORTNAME=" "support_name"
  !insertmacro CONFIG_OPTION "/SUPPORTPHONE=" "support_phone"
  !insertmacro CONFIG_OPTION "/SUPPORTHOURS=" "support_hours"
  !insertmacro CONFIG_OPTION "/SUPPORTEMAIL=" "support_email"
  !insertmacro CONFIG_OPTION "/IDLELOCK=" "idle_lock_minutes"

  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "HelpLink" "${HELP_URL}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER}" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "Uninstall"
  Call un.WaitUntilNotRunning

  Delete "$DESKTOP\${APP_NAME}.lnk"
  Delete "$SMPROGRAMS\${APP_NAME}\${APP_NAME}.lnk"
  Delete "$SMPROGRAMS\${APP_NAME}\Avinstallera ${APP_NAME}.lnk"
  RMDir "$SMPROGRAMS\${APP_NAME}"

  ; Only what the installer put there: never RMDir /r on $INSTDIR itself, which the user
  ; may have pointed at a folder with other files in it.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  Delete "$INSTDIR\${UNINSTALLER}"
  RMDir "$INSTDIR"

  DeleteRegKey HKLM "${UNINSTALL_KEY}"
SectionEnd
