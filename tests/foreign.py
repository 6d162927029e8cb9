"""JSON that is not Gemini's, as it sits in real repositories: written by us after the shapes that
package managers, tools, editors and other providers document. A folder walk passes over each.
"""

from __future__ import annotations

# An httprr trace (Go) of a call to another provider's API: its request and response as Go writes them.
OPENAI_ASK = b'{"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}]}'
OPENAI_ANSWER = b'{"id":"chatcmpl-1","object":"chat.completion","choices":[]}'
OPENAI_REQUEST = (
    b"POST https://api.openai.com/v1/chat/completions HTTP/1.1\r\nHost: api.openai.com\r\n"
    b"Content-Length: %d\r\nContent-Type: application/json\r\n\r\n%s" % (len(OPENAI_ASK), OPENAI_ASK)
)
OPENAI_RESPONSE = b"HTTP/2.0 200 OK\r\nContent-Length: %d\r\nContent-Type: application/json\r\n\r\n%s" % (len(OPENAI_ANSWER), OPENAI_ANSWER)

# name -> content; the name is the file name it usually has.
FOREIGN: dict[str, bytes] = {
    "package.json": b"""{
  "name": "chat-app", "version": "1.2.0", "private": true, "type": "module",
  "scripts": {"build": "tsc -p .", "test": "vitest"},
  "dependencies": {"@google/genai": "^1.0.0", "openai": "^4.0.0"},
  "devDependencies": {"typescript": "^5.4.0"}
}""",
    "package-lock.json": b"""{"name": "chat-app", "version": "1.2.0", "lockfileVersion": 3, "requires": true,
  "packages": {"": {"name": "chat-app", "version": "1.2.0"},
  "node_modules/openai": {"version": "4.52.0", "resolved": "https://registry.example/openai-4.52.0.tgz"}}}""",
    "tsconfig.json": b"""{
  // editors read comments here
  "compilerOptions": {"target": "ES2022", "module": "NodeNext", "strict": true, "outDir": "dist",},
  "include": ["src"]
}""",
    "composer.json": b'{"name": "acme/chat", "require": {"php": ">=8.1"}, "autoload": {"psr-4": {"Acme\\\\": "src/"}}}',
    ".eslintrc.json": b'{"root": true, "extends": ["eslint:recommended"], "env": {"node": true}, "rules": {"no-console": "off"}}',
    "settings.json": b'{"editor.formatOnSave": true, "python.defaultInterpreterPath": ".venv/bin/python", "files.exclude": {"**/.git": true}}',
    "launch.json": b'{"version": "0.2.0", "configurations": [{"type": "python", "request": "launch", "name": "Run", "program": "${file}"}]}',
    "extensions.json": b'{"recommendations": ["ms-python.python", "charliermarsh.ruff"]}',
    "devcontainer.json": b'{"name": "Python 3", "image": "mcr.microsoft.com/devcontainers/python:3.12", "features": {}, "postCreateCommand": "pip install -e ."}',
    "renovate.json": b'{"$schema": "https://docs.renovatebot.com/renovate-schema.json", "extends": ["config:recommended"]}',
    ".prettierrc.json": b'{"semi": false, "singleQuote": true, "printWidth": 100}',
    "babel.config.json": b'{"presets": ["@babel/preset-env"], "plugins": []}',
    "firebase.json": b'{"hosting": {"public": "public", "ignore": ["firebase.json", "**/.*"]}, "functions": {"source": "functions"}}',
    "manifest.json": b'{"name": "Chat", "short_name": "Chat", "start_url": "/", "display": "standalone", "icons": []}',
    "openapi.json": b"""{"openapi": "3.1.0", "info": {"title": "Chat proxy", "version": "1.0"},
  "paths": {"/v1/generate": {"post": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Req"}}}}}}},
  "components": {"schemas": {"Req": {"type": "object", "properties": {"contents": {"type": "array"}}}}}}""",
    "request.schema.json": b"""{"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://example.com/req",
  "type": "object", "properties": {"contents": {"type": "array"}, "generationConfig": {"type": "object"}},
  "required": ["contents"], "additionalProperties": false}""",
    "openai-chat.request.json": b"""{"model": "gpt-4o", "messages": [{"role": "system", "content": "Be brief."},
  {"role": "user", "content": "Hello"}], "temperature": 0.2, "max_tokens": 256, "tools": []}""",
    "openai-chat.response.json": b"""{"id": "chatcmpl-1", "object": "chat.completion", "created": 1718000000, "model": "gpt-4o",
  "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hi"}, "finish_reason": "stop"}],
  "usage": {"prompt_tokens": 9, "completion_tokens": 1, "total_tokens": 10}}""",
    "openai-chat.stream.json": b"""[{"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o",
  "choices": [{"index": 0, "delta": {"content": "Hi"}, "finish_reason": null}]}]""",
    "openai-responses.request.json": b'{"model": "gpt-4.1", "input": "Tell me a joke", "instructions": "Be funny", "store": false}',
    "openai-responses.response.json": b"""{"id": "resp_1", "object": "response", "created_at": 1718000000, "status": "completed",
  "model": "gpt-4.1", "output": [{"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "Ha"}]}],
  "usage": {"input_tokens": 5, "output_tokens": 1}}""",
    "openai-error.json": b'{"error": {"message": "Invalid API key", "type": "invalid_request_error", "param": null, "code": "invalid_api_key"}}',
    "anthropic.request.json": b"""{"model": "claude-sonnet-4-5", "max_tokens": 1024, "system": "Be brief.",
  "messages": [{"role": "user", "content": [{"type": "text", "text": "Hello"}]}]}""",
    "anthropic.response.json": b"""{"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
  "content": [{"type": "text", "text": "Hi"}], "stop_reason": "end_turn", "stop_sequence": null,
  "usage": {"input_tokens": 10, "output_tokens": 2}}""",
    "anthropic-error.json": b'{"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}',
    "ollama.request.json": b'{"model": "llama3", "prompt": "Why is the sky blue?", "stream": false}',
    "mistral.request.json": b'{"model": "mistral-large-latest", "messages": [{"role": "user", "content": "Hi"}], "safe_prompt": false}',
    "cohere.request.json": b'{"model": "command-r", "message": "Hi", "chat_history": [], "temperature": 0.3}',
    "config.json": b'{"architectures": ["LlamaForCausalLM"], "hidden_size": 4096, "num_attention_heads": 32, "vocab_size": 32000}',
    "geo.json": b'{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [0, 0]}}]}',
    "policy.json": b'{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}',
    "cdk.json": b'{"app": "python3 app.py", "context": {"@aws-cdk/core:newStyleStackSynthesis": true}}',
    "i18n.json": b'{"greeting": "Hello", "farewell": "Goodbye", "content": "Welcome"}',
    "data.json": b'[1, 2, 3]',
    "empty.json": b"{}",
    "empty-array.json": b"[]",
    "users.json": b'[{"id": 1, "name": "Ada", "email": "ada@example.com"}, {"id": 2, "name": "Alan"}]',
    "openai-batch.jsonl": b'{"custom_id": "r1", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "gpt-4o", "messages": []}}\n',
    "anthropic-batch.jsonl": b'{"custom_id": "r1", "params": {"model": "claude-sonnet-4-5", "max_tokens": 10, "messages": []}}\n',
    "logs.jsonl": b'{"level": "info", "msg": "started", "ts": 1}\n{"level": "error", "msg": "failed", "ts": 2}\n',
    # OpenAI's Responses API beside the Interactions API's shapes: `model` and `input` too.
    "openai-responses-minimal.request.json": b'{"model": "gpt-4.1", "input": "Hello"}',
    "openai-responses-items.request.json": b"""{"model": "gpt-4.1", "input": [{"role": "user", "content": [
  {"type": "input_text", "text": "What is in it?"}, {"type": "input_image", "image_url": "https://example.com/a.png"}]}],
  "tools": [{"type": "function", "name": "get_weather", "parameters": {"type": "object", "properties": {}}}],
  "store": true, "stream": false, "background": false}""",
    "openai-responses-function.request.json": b"""{"model": "o4-mini", "input": [{"type": "message", "role": "user", "content": "Weather?"},
  {"type": "function_call", "call_id": "c1", "name": "weather", "arguments": "{}"},
  {"type": "function_call_output", "call_id": "c1", "output": "sunny"}], "previous_response_id": "resp_1"}""",
    "openai-responses-background.response.json": b'{"id": "resp_2", "object": "response", "status": "queued", "background": true, "model": "o3", "output": []}',
    "openai-responses.stream.sse": b"""event: response.created
data: {"type": "response.created", "sequence_number": 0, "response": {"id": "resp_1", "object": "response", "status": "in_progress"}}

event: response.output_text.delta
data: {"type": "response.output_text.delta", "item_id": "msg_1", "output_index": 0, "content_index": 0, "delta": "Hi", "sequence_number": 1}

event: response.completed
data: {"type": "response.completed", "sequence_number": 2, "response": {"id": "resp_1", "object": "response", "status": "completed"}}

""",
    "openai-chat.stream.sse": b'data: {"id": "c1", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {"content": "Hi"}}]}\n\ndata: [DONE]\n\n',
    "anthropic.stream.sse": b"""event: message_start
data: {"type": "message_start", "message": {"id": "msg_1", "type": "message", "role": "assistant", "content": [], "model": "claude-sonnet-4-5"}}

event: content_block_delta
data: {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hi"}}

event: message_stop
data: {"type": "message_stop"}

""",
    # A nock recording (Node.js) of another provider's API: read as a recording, its call skipped.
    "openai.nock.json": b"""[{"scope": "https://api.openai.com:443", "method": "POST", "path": "/v1/chat/completions",
  "body": {"model": "gpt-4o", "messages": [{"role": "user", "content": "Hi"}]}, "status": 200,
  "response": {"id": "chatcmpl-1", "object": "chat.completion", "choices": []},
  "rawHeaders": ["Content-Type", "application/json"], "responseIsBinary": false}]""",
    # An httprr trace (Go) of another provider's API: read as a recording, its call skipped.
    "openai.httprr": b"httprr trace v1\n%d %d\n%s%s" % (len(OPENAI_REQUEST), len(OPENAI_RESPONSE), OPENAI_REQUEST, OPENAI_RESPONSE),
    "ci-job.json": b'{"id": 1, "status": "completed", "conclusion": "success", "steps": [{"name": "Run", "status": "completed", "number": 1}]}',
}
