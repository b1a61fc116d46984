; Stasiun Cetak KTP-el for Windows: installs the app and ktpel.exe, adds a start-menu entry and an
; entry in "Apps & features". Built on Debian with makensis by
; `bash src-tauri/scripts/windows.sh installer`, which passes SRC (the folder holding
; stasiun-cetak.exe and ktpel.exe), VERSION and OUT.
;
; The station's data (the register, the audit log, backups: %APPDATA%\ktpel of each Windows user)
; is the office's record and is never touched here: an upgrade installs over the program, and an
; uninstall removes only the program.
; A 64-bit installer for a 64-bit program (and it runs where 32-bit Windows programs cannot).
Target amd64-unicode
!ifndef SRC
  !error "makensis -DSRC=<folder with stasiun-cetak.exe and ktpel.exe> -DVERSION=x.y.z -DOUT=<setup.exe>"
!endif
!define APP "Stasiun Cetak KTP-el"
!define KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\StasiunCetakKTPel"
; The WebView2 runtime the window needs (present on Windows 11 and updated Windows 10).
!define WEBVIEW2 "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

Name "${APP} ${VERSION}"
OutFile "${OUT}"
InstallDir "$PROGRAMFILES64\${APP}"
InstallDirRegKey HKLM "${KEY}" "InstallLocation"
RequestExecutionLevel admin
SetCompressor /SOLID lzma
Icon "${SRC}\icon.ico"
UninstallIcon "${SRC}\icon.ico"

Page directory
Page instfiles
UninstPage uninstConfirm
UninstPage instfiles

Section "Program"
  SetOutPath "$INSTDIR"
  File "${SRC}\stasiun-cetak.exe"
  File "${SRC}\ktpel.exe"
  File "${SRC}\WebView2Loader.dll"
  File "${SRC}\icon.ico"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  ; For every user of the PC: each keeps the station's data in their own %APPDATA%\ktpel.
  SetShellVarContext all
  CreateDirectory "$SMPROGRAMS\${APP}"
  CreateShortcut "$SMPROGRAMS\${APP}\${APP}.lnk" "$INSTDIR\stasiun-cetak.exe" "" "$INSTDIR\icon.ico"
  WriteRegStr HKLM "${KEY}" "DisplayName" "${APP}"
  WriteRegStr HKLM "${KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${KEY}" "Publisher" "Disdukcapil"
  WriteRegStr HKLM "${KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${KEY}" "DisplayIcon" "$INSTDIR\icon.ico"
  WriteRegStr HKLM "${KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${KEY}" "NoRepair" 1
  ReadRegStr $0 HKLM "${WEBVIEW2}" "pv"
  StrCmp $0 "" 0 +2
    MessageBox MB_ICONINFORMATION|MB_OK "Jendela Stasiun Cetak memerlukan Microsoft Edge WebView2 Runtime, yang belum terpasang di PC ini. Pasang dari https://go.microsoft.com/fwlink/p/?LinkId=2124703 sebelum membuka aplikasi. (ktpel.exe di baris perintah tidak memerlukannya.)" /SD IDOK
SectionEnd

Section "Uninstall"
  Delete "$INSTDIR\stasiun-cetak.exe"
  Delete "$INSTDIR\ktpel.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\icon.ico"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  SetShellVarContext all
  Delete "$SMPROGRAMS\${APP}\${APP}.lnk"
  RMDir "$SMPROGRAMS\${APP}"
  DeleteRegKey HKLM "${KEY}"
SectionEnd
