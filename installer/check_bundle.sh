#!/usr/bin/env bash
# Proves the frozen bundle and the installer script on Linux, without a Windows machine:
#   1. PyInstaller builds the bundle from installer/treserva-desktop.spec (clean folders),
#   2. the bundle's --version matches the source, its --self-test passes, and db upgrade,
#      demo, screenshot and import-assignments run from inside it (scratch data folder,
#      no machine or user configuration),
#   3. makensis compiles installer/treserva-desktop.nsi with warnings as errors, the Linux
#      bundle standing in for the Windows one (fast compression), and 7z lists the result.
# Needs: the project's venv (PYTHON, default .venv/bin/python; PyInstaller is installed into
# it when missing), nsis and p7zip-full (apt-get install nsis p7zip-full). About 2 minutes.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$PWD
python=${PYTHON:-$root/.venv/bin/python}
dist=$root/dist/linux
work=$root/build/pyinstaller-linux
bundle=$dist/TreservaDesktop
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
start=$SECONDS

step() { printf '\n=== %s (%ds) ===\n' "$1" "$((SECONDS - start))"; }

step "PyInstaller"
if ! "$python" -c "import PyInstaller" 2>/dev/null; then
    "$python" -m pip install --quiet pyinstaller
fi
rm -rf "$dist" "$work"
"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$dist" --workpath "$work" installer/treserva-desktop.spec
du -sh "$bundle"

step "The bundle's own commands"
export TRESERVA_DATA_DIR=$scratch/data
export TRESERVA_MACHINE_CONFIG_DIR=$scratch/machine TRESERVA_USER_CONFIG_DIR=$scratch/user
unset TRESERVA_DATABASE_URL QT_QPA_PLATFORM
cli=$bundle/treserva-desktop
expected=$("$python" -c "import ast,sys; t=ast.parse(open('src/treserva_desktop/__init__.py').read()); print(next(ast.literal_eval(n.value) for n in t.body if isinstance(n, ast.Assign) and n.targets[0].id == '__version__'))")
actual=$("$cli" --version)
[[ "$actual" == "treserva-desktop $expected" ]] || { echo "version: '$actual' ≠ $expected"; exit 1; }
echo "$actual"
"$cli" --self-test
"$cli" db upgrade
"$cli" demo --persons 8
QT_QPA_PLATFORM=offscreen "$cli" screenshot "$scratch/main.png" --size 900x600
"$cli" import-assignments docs/examples/assignments.json || [[ $? == 1 ]]
"$cli" backup "$scratch/copy.sqlite3"

step "makensis"
setup=$dist/TreservaDesktop-$expected-setup.exe
makensis -V2 -WX -DFAST_COMPRESSION "-DPUBLISHER=Exempel kommun" \
    "-DVERSION=$expected" "-DDIST_DIR=$bundle" "-DOUT_FILE=$setup" installer/treserva-desktop.nsi
ls -l "$setup"

step "7z"
listing=$(7z l "$setup")
for needed in Avinstallera.exe treserva-desktop TreservaDesktop \
    _internal/treserva_desktop/migrations/env.py; do
    grep -q " $needed\$" <<<"$listing" || { echo "missing in the installer: $needed"; exit 1; }
done
grep -c "_internal/" <<<"$listing" | xargs echo "files under _internal:"

step "Done: $setup"
