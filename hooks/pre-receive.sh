#!/bin/sh
# pactkit-managed-hook: pre-receive
# pactkit-shim-version: @SHIM_VERSION@
# Installed by `pactkit hooks install --server`; removed by `pactkit hooks uninstall --server`.
# A hook that was here before is kept as pre-receive.legacy; pactkit runs it first.
# On a server there is no fallback to a `pactkit` found on PATH: without the installed
# binary every push is refused.
installed_bin=@PACTKIT_BIN@
if [ ! -x "$installed_bin" ]; then
    echo "pactkit: the pre-receive hook cannot find pactkit at $installed_bin; the push is refused." >&2
    echo "hint: reinstall it, then run: pactkit hooks install --server" >&2
    exit 1
fi
exec "$installed_bin" hooks run pre-receive --shim-version @SHIM_VERSION@ --hook-dir "${0%/*}"
