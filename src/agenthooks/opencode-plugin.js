// pactkit-managed-plugin: installed by `pactkit hooks agent install opencode`,
// removed by `pactkit hooks agent uninstall opencode`. Edits are overwritten on reinstall.
//
// Before every shell or file tool call, OpenCode runs `pactkit hooks agent run opencode`
// with {"tool", "args", "cwd"} as JSON on stdin. Anything but exit 0 refuses the call:
// the plugin throws with pactkit's reason, which OpenCode shows the model as the tool's
// error. A pactkit that cannot start or does not answer in time refuses too (fail closed).
import { spawnSync } from "node:child_process"

const PACTKIT = "@PACTKIT_BIN@";
const JUDGED = new Set(["bash", "edit", "write", "apply_patch", "multiedit", "patch"])

export const PactkitAgentHook = async ({ directory }) => ({
  "tool.execute.before": async (input, output) => {
    if (!JUDGED.has(input.tool)) return
    const payload = JSON.stringify({ tool: input.tool, args: output.args, cwd: directory })
    const result = spawnSync(PACTKIT, ["hooks", "agent", "run", "opencode"], {
      cwd: directory,
      input: payload,
      encoding: "utf8",
      timeout: 30000,
    })
    if (result.error) {
      throw new Error(`pactkit could not judge this call (${result.error.message}); it is refused`)
    }
    if (result.status !== 0) {
      throw new Error((result.stderr || "").trim() || "pactkit refused this call")
    }
  },
})
