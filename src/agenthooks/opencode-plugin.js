// pactkit-managed-plugin: installed by `pactkit hooks agent install opencode`,
// removed by `pactkit hooks agent uninstall opencode`. Edits are overwritten on reinstall.
//
// Before every bash tool call, OpenCode runs `pactkit hooks agent run opencode` with
// {"tool", "args", "cwd"} as JSON on stdin. Exit 2 means refused: the plugin throws with
// pactkit's reason, which OpenCode shows the model as the tool's error. If pactkit cannot
// be started the call goes through (the git hooks still judge the commit).
import { spawnSync } from "node:child_process"

export const PactkitAgentHook = async ({ directory }) => ({
  "tool.execute.before": async (input, output) => {
    if (input.tool !== "bash") return
    const payload = JSON.stringify({ tool: input.tool, args: output.args, cwd: directory })
    const result = spawnSync("pactkit", ["hooks", "agent", "run", "opencode"], {
      cwd: directory,
      input: payload,
      encoding: "utf8",
    })
    if (result.error) return
    if (result.status === 2) {
      throw new Error((result.stderr || "").trim() || "pactkit refused this command")
    }
  },
})
