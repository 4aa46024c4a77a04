#!/bin/sh
# pactkit-managed-hook: pre-commit
# pactkit-shim-version: @SHIM_VERSION@
# Installed by `pactkit hooks install`; removed by `pactkit hooks uninstall`.
# A hook that was here before is kept as pre-commit.legacy; pactkit runs it first.
installed_bin=@PACTKIT_BIN@
pactkit_bin=$installed_bin
if [ ! -x "$pactkit_bin" ]; then
    pactkit_bin=$(command -v pactkit 2>/dev/null) || pactkit_bin=
fi
if [ -z "$pactkit_bin" ]; then
    echo "pactkit: the pre-commit hook cannot find pactkit (not at $installed_bin, not on PATH)." >&2
    echo "hint: reinstall it (cargo install pactkit), then run: pactkit hooks install" >&2
    exit 1
fi
exec "$pactkit_bin" hooks run pre-commit --shim-version @SHIM_VERSION@ --hook-dir "${0%/*}" -- "$@"
