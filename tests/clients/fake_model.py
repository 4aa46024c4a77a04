"""A fake model server on 127.0.0.1 for the real-client checks.

It speaks just enough of four model APIs for a coding client to run one turn without a
key: Anthropic Messages (Claude Code, OpenCode), OpenAI Responses (Codex CLI), OpenAI
Chat Completions (GitHub Copilot's BYOK mode) and Gemini generateContent (Gemini CLI),
streaming or not as the client asks. A request that offers a shell tool and carries no
tool result yet is answered with one call of that tool running `COMMAND`; every other
request (the turn after the tool ran, titles, classifiers) gets a short text answer.
Every request is recorded, so the check can read what the client sent: its system
prompt, and the tool result that carries pactkit's refusal.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

COMMAND = 'git commit --no-verify -m "feat: x"'
SHELL_NAMES = ("Bash", "bash", "shell", "exec_command", "run_shell_command", "local_shell")


def shell_arguments(schema):
    """Arguments for a shell tool from its JSON schema: the command, plus a value for
    every other required property."""
    props = (schema or {}).get("properties", {})
    args = {}
    for name in (schema or {}).get("required", []) + ["command"]:
        spec = props.get(name, {})
        kind = spec.get("type")
        if name in ("command", "cmd"):
            args[name] = ["bash", "-lc", COMMAND] if kind == "array" else COMMAND
        elif "default" in spec:
            args[name] = spec["default"]
        elif "enum" in spec:
            args[name] = spec["enum"][0]
        elif kind == "boolean":
            args[name] = False
        elif kind in ("integer", "number"):
            args[name] = 30
        elif kind == "array":
            args[name] = []
        else:
            args[name] = "commit the change"
    if "cmd" in props and "command" not in props:
        args.pop("command", None)
        args["cmd"] = COMMAND
    return args


def pick(tools):
    """The first shell tool offered: (name, schema)."""
    for wanted in SHELL_NAMES:
        for name, schema in tools:
            if name == wanted:
                return name, schema
    return None


class Recorder:
    def __init__(self, tool_calls=True):
        self.lock = threading.Lock()
        self.requests = []
        # False: every request gets text, for turns that only show what the client sends.
        self.tool_calls = tool_calls

    def add(self, path, body):
        with self.lock:
            self.requests.append({"path": path, "body": body})

    def texts(self):
        with self.lock:
            return [json.dumps(r["body"]) for r in self.requests]

    def bodies(self):
        """Each request body as one text: its strings, decoded, one per line."""
        with self.lock:
            return ["\n".join(strings(r["body"])) for r in self.requests if r["body"]]


def strings(value):
    """Every string inside a decoded JSON value, depth first."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def sse(handler, events):
    handler.send_response(200)
    handler.send_header("Content-Type", "text/event-stream")
    handler.send_header("Cache-Control", "no-cache")
    # No length and no chunking: the stream ends when the connection closes.
    handler.send_header("Connection", "close")
    handler.close_connection = True
    handler.end_headers()
    for name, data in events:
        if name:
            handler.wfile.write(f"event: {name}\n".encode())
        handler.wfile.write(f"data: {data if isinstance(data, str) else json.dumps(data)}\n\n".encode())
        handler.wfile.flush()


def send_json(handler, doc, status=200):
    body = json.dumps(doc).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


# Anthropic Messages ------------------------------------------------------------------

def anthropic(handler, body):
    tools = [(t.get("name"), t.get("input_schema")) for t in body.get("tools", [])]
    messages = body.get("messages", [])
    answered = any(
        isinstance(m.get("content"), list)
        and any(isinstance(c, dict) and c.get("type") == "tool_result" for c in m["content"])
        for m in messages
    )
    tool = None if answered or not handler.recorder.tool_calls else pick(tools)
    if tool:
        block = {"type": "tool_use", "id": "toolu_fake_1", "name": tool[0], "input": shell_arguments(tool[1])}
        stop = "tool_use"
    else:
        block = {"type": "text", "text": "Done."}
        stop = "end_turn"
    message = {
        "id": "msg_fake", "type": "message", "role": "assistant", "model": body.get("model", "fake"),
        "content": [block], "stop_reason": stop, "stop_sequence": None,
        "usage": {"input_tokens": 10, "output_tokens": 5},
    }
    if not body.get("stream"):
        return send_json(handler, message)
    start = dict(message, content=[], stop_reason=None)
    if block["type"] == "tool_use":
        first = dict(block, input={})
        delta = {"type": "input_json_delta", "partial_json": json.dumps(block["input"])}
    else:
        first = {"type": "text", "text": ""}
        delta = {"type": "text_delta", "text": block["text"]}
    sse(handler, [
        ("message_start", {"type": "message_start", "message": start}),
        ("content_block_start", {"type": "content_block_start", "index": 0, "content_block": first}),
        ("content_block_delta", {"type": "content_block_delta", "index": 0, "delta": delta}),
        ("content_block_stop", {"type": "content_block_stop", "index": 0}),
        ("message_delta", {"type": "message_delta", "delta": {"stop_reason": stop, "stop_sequence": None},
                           "usage": {"output_tokens": 5}}),
        ("message_stop", {"type": "message_stop"}),
    ])


# OpenAI Responses --------------------------------------------------------------------

def responses(handler, body):
    tools = [(t.get("name"), t.get("parameters")) for t in body.get("tools", []) if t.get("type") == "function"]
    items = body.get("input", []) if isinstance(body.get("input"), list) else []
    answered = any(isinstance(i, dict) and i.get("type") == "function_call_output" for i in items)
    tool = None if answered or not handler.recorder.tool_calls else pick(tools)
    if tool:
        item = {"type": "function_call", "id": "fc_fake_1", "call_id": "call_fake_1", "name": tool[0],
                "arguments": json.dumps(shell_arguments(tool[1])), "status": "completed"}
    else:
        item = {"type": "message", "id": "msg_fake_1", "role": "assistant", "status": "completed",
                "content": [{"type": "output_text", "text": "Done.", "annotations": []}]}
    usage = {"input_tokens": 10, "input_tokens_details": {"cached_tokens": 0}, "output_tokens": 5,
             "output_tokens_details": {"reasoning_tokens": 0}, "total_tokens": 15}
    response = {"id": "resp_fake", "object": "response", "status": "completed", "model": body.get("model", "fake"),
                "output": [item], "usage": usage}
    if not body.get("stream"):
        return send_json(handler, response)
    sse(handler, [
        ("response.created", {"type": "response.created", "response": dict(response, status="in_progress", output=[])}),
        ("response.output_item.added", {"type": "response.output_item.added", "output_index": 0, "item": item}),
        ("response.output_item.done", {"type": "response.output_item.done", "output_index": 0, "item": item}),
        ("response.completed", {"type": "response.completed", "response": response}),
    ])


# OpenAI Chat Completions -------------------------------------------------------------

def chat(handler, body):
    tools = [(t["function"].get("name"), t["function"].get("parameters"))
             for t in body.get("tools", []) if t.get("type") == "function" and "function" in t]
    answered = any(m.get("role") == "tool" for m in body.get("messages", []))
    tool = None if answered or not handler.recorder.tool_calls else pick(tools)
    if tool:
        call = {"index": 0, "id": "call_fake_1", "type": "function",
                "function": {"name": tool[0], "arguments": json.dumps(shell_arguments(tool[1]))}}
        message = {"role": "assistant", "content": None, "tool_calls": [dict(call)]}
        finish = "tool_calls"
    else:
        message = {"role": "assistant", "content": "Done."}
        finish = "stop"
    usage = {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}
    if not body.get("stream"):
        msg = dict(message)
        if "tool_calls" in msg:
            msg["tool_calls"] = [{k: v for k, v in c.items() if k != "index"} for c in msg["tool_calls"]]
        return send_json(handler, {"id": "chatcmpl-fake", "object": "chat.completion", "created": 0,
                                   "model": body.get("model", "fake"),
                                   "choices": [{"index": 0, "message": msg, "finish_reason": finish}], "usage": usage})
    base = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 0, "model": body.get("model", "fake")}
    sse(handler, [
        (None, dict(base, choices=[{"index": 0, "delta": message, "finish_reason": None}])),
        (None, dict(base, choices=[{"index": 0, "delta": {}, "finish_reason": finish}], usage=usage)),
        (None, "[DONE]"),
    ])


# Gemini generateContent --------------------------------------------------------------

def gemini(handler, body, stream):
    tools = []
    for group in body.get("tools", []):
        for f in group.get("functionDeclarations", []) or []:
            tools.append((f.get("name"), f.get("parametersJsonSchema") or f.get("parameters")))
    contents = body.get("contents", [])
    answered = any("functionResponse" in p for c in contents for p in c.get("parts", []))
    tool = None if answered or not handler.recorder.tool_calls else pick(tools)
    if tool:
        part = {"functionCall": {"name": tool[0], "args": shell_arguments(tool[1])}}
    else:
        part = {"text": "Done."}
    doc = {"candidates": [{"content": {"role": "model", "parts": [part]}, "finishReason": "STOP", "index": 0}],
           "usageMetadata": {"promptTokenCount": 10, "candidatesTokenCount": 5, "totalTokenCount": 15},
           "modelVersion": "fake"}
    if stream:
        return sse(handler, [(None, doc)])
    send_json(handler, doc)


def make_handler(recorder):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        recorder = None

        def log_message(self, *args):
            pass

        def do_GET(self):
            recorder.add(self.path, None)
            if "models" in self.path:
                return send_json(self, {"object": "list", "data": [{"id": "fake", "object": "model"}], "models": []})
            send_json(self, {})

        def do_HEAD(self):
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                body = {}
            recorder.add(self.path, body)
            path = self.path.split("?")[0]
            if path.endswith("/messages/count_tokens"):
                return send_json(self, {"input_tokens": 10})
            if path.endswith("/messages"):
                return anthropic(self, body)
            if path.endswith("/responses"):
                return responses(self, body)
            if path.endswith("/chat/completions"):
                return chat(self, body)
            if ":streamGenerateContent" in path:
                return gemini(self, body, True)
            if ":generateContent" in path:
                return gemini(self, body, False)
            if ":countTokens" in path:
                return send_json(self, {"totalTokens": 10})
            send_json(self, {})

    Handler.recorder = recorder
    return Handler


def start(tool_calls=True):
    """Starts a server on a free loopback port; returns (server, recorder, base URL).
    With `tool_calls` false it never asks for a tool, only answers with text."""
    recorder = Recorder(tool_calls)
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(recorder))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, recorder, f"http://127.0.0.1:{server.server_address[1]}"
