-- A second, independent LSP client: headless Neovim (Debian's 0.7.2 or newer) drives a
-- language server over stdio the way an editor would, and reports what it saw.
-- Run it through test/neovim/run.mjs, which sets these variables:
--   MCD_NVIM_CMD          JSON array: the server command, e.g. ["node","bin/mlops-compose.js","lsp","--stdio"]
--   MCD_NVIM_CWD          working directory for the server (default: Neovim's)
--   MCD_NVIM_FILE         the file to open (absolute path)
--   MCD_NVIM_ROOT         the workspace root sent to the server (default: the file's folder)
--   MCD_NVIM_LANGUAGE_ID  the languageId of didOpen (default: yaml)
--   MCD_NVIM_CODE         the diagnostic code that must be published
--   MCD_NVIM_FIX          optional: title of the code action to apply (exact, else a substring)
--   MCD_NVIM_COMPLETE     optional "line:character" (0-based): textDocument/completion there, into report.completion
--   MCD_NVIM_DEFINITION   optional "line:character" (0-based): textDocument/definition there, into report.definition
--   MCD_NVIM_SETTINGS     optional JSON: answers workspace/configuration, sent by didChangeConfiguration
--   MCD_NVIM_TIMEOUT      milliseconds for each wait after initialization (default 15000)
--   MCD_NVIM_INIT_TIMEOUT milliseconds for the server to initialize (default 30000)
--   MCD_NVIM_REPORT       where to write the JSON report
-- Exit codes (through :cquit): 0 ok; 1 the diagnostic never came; 2 the code action was not
-- offered; 3 applying it failed or the diagnostic stayed after the fix; 4 the server did not
-- start or died; 5 bad arguments.

local env = os.getenv
local report = { diagnostics = {}, actions = {}, log = {} } -- diagnostics_after_fix too, when fixing

local function log(msg)
  table.insert(report.log, msg)
  io.stderr:write("[nvim-lsp] " .. msg .. "\n")
end

local function finish(code, why)
  report.exit_code = code
  if why then
    report.reason = why
    log((code == 0 and "ok: " or "FAIL: ") .. why)
  end
  local path = env("MCD_NVIM_REPORT")
  if path and path ~= "" then
    local f = io.open(path, "w")
    if f then
      f:write(vim.json.encode(report))
      f:close()
    end
  end
  -- Polite shutdown (shutdown + exit), then force.
  local clients = vim.lsp.get_active_clients()
  for _, client in pairs(clients) do
    client.stop()
  end
  vim.wait(2000, function()
    for _, client in pairs(clients) do
      if not client.is_stopped() then
        return false
      end
    end
    return true
  end, 20)
  for _, client in pairs(clients) do
    client.stop(true)
  end
  vim.cmd("cquit " .. code)
end

local ok, err = pcall(function()
  local cmd_json = env("MCD_NVIM_CMD")
  local file = env("MCD_NVIM_FILE")
  local want_code = env("MCD_NVIM_CODE")
  if not cmd_json or not file or not want_code then
    return finish(5, "MCD_NVIM_CMD, MCD_NVIM_FILE and MCD_NVIM_CODE are required")
  end
  local cmd = vim.json.decode(cmd_json)
  local timeout = tonumber(env("MCD_NVIM_TIMEOUT") or "") or 15000
  local init_timeout = tonumber(env("MCD_NVIM_INIT_TIMEOUT") or "") or 30000
  local root = env("MCD_NVIM_ROOT")
  if not root or root == "" then
    root = vim.fn.fnamemodify(file, ":p:h")
  end
  local settings = vim.empty_dict()
  if env("MCD_NVIM_SETTINGS") and env("MCD_NVIM_SETTINGS") ~= "" then
    settings = vim.json.decode(env("MCD_NVIM_SETTINGS"))
  end
  local cwd = env("MCD_NVIM_CWD")
  if cwd == "" then
    cwd = nil
  end

  local exited = nil
  -- The diagnostics exactly as published (Neovim's own copies drop the range and data).
  local published = {}
  local client_id = vim.lsp.start_client({
    name = "mcd-under-test",
    cmd = cmd,
    cmd_cwd = cwd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = vim.fn.fnamemodify(root, ":t") } },
    settings = settings,
    on_init = function(client)
      client.notify("workspace/didChangeConfiguration", { settings = settings })
    end,
    on_exit = function(code, signal)
      exited = { code = code, signal = signal }
    end,
    handlers = {
      ["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
        if result and result.uri then
          published[vim.uri_to_fname(result.uri)] = result.diagnostics or {}
        end
        return vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
      end,
    },
  })
  if not client_id then
    return finish(4, "vim.lsp.start_client failed for " .. cmd_json)
  end

  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].filetype = env("MCD_NVIM_LANGUAGE_ID") or "yaml"
  vim.lsp.buf_attach_client(buf, client_id)

  local initialized = vim.wait(init_timeout, function()
    local c = vim.lsp.get_client_by_id(client_id)
    return exited ~= nil or (c ~= nil and c.initialized == true)
  end, 20)
  if exited or not initialized then
    return finish(4, "the server did not initialize" .. (exited and (" (exit code " .. tostring(exited.code) .. ")") or ""))
  end
  log("initialized: " .. cmd_json)

  local fname = vim.api.nvim_buf_get_name(buf)
  local function current()
    return published[fname] or {}
  end
  local function lsp_diag_with_code()
    for _, d in ipairs(current()) do
      if d.code ~= nil and tostring(d.code) == want_code then
        return d
      end
    end
    return nil
  end
  local function record_diagnostics(key)
    report[key] = {}
    for _, d in ipairs(current()) do
      table.insert(report[key], {
        code = d.code ~= nil and tostring(d.code) or vim.NIL,
        message = d.message,
        severity = d.severity or vim.NIL,
        source = d.source or vim.NIL,
        -- 1-based lines; characters are the server's (UTF-16) 0-based columns.
        line = d.range.start.line + 1,
        character = d.range.start.character,
        end_line = d.range["end"].line + 1,
        end_character = d.range["end"].character,
      })
    end
  end

  local diag = nil
  vim.wait(timeout, function()
    diag = lsp_diag_with_code()
    return diag ~= nil or exited ~= nil
  end, 20)
  record_diagnostics("diagnostics")
  if not diag then
    return finish(1, "no diagnostic with code " .. want_code .. " (got " .. #report.diagnostics .. " diagnostics)")
  end
  log(string.format("diagnostic %s at %d:%d: %s", want_code, diag.range.start.line + 1, diag.range.start.character + 1, diag.message))

  -- Optional requests at "line:character" (0-based, UTF-16), answered before any fix.
  local function at_position(spec)
    local line, character = spec:match("^(%d+):(%d+)$")
    if not line then
      return nil
    end
    return { line = tonumber(line), character = tonumber(character) }
  end
  local complete_at = env("MCD_NVIM_COMPLETE")
  if complete_at and complete_at ~= "" then
    local position = at_position(complete_at)
    if not position then
      return finish(5, "MCD_NVIM_COMPLETE must be line:character, got " .. complete_at)
    end
    local responses = vim.lsp.buf_request_sync(buf, "textDocument/completion", {
      textDocument = { uri = vim.uri_from_bufnr(buf) },
      position = position,
    }, timeout) or {}
    report.completion = {}
    for _, response in pairs(responses) do
      local result = response.result or {}
      for _, item in ipairs(result.items or result) do
        table.insert(report.completion, {
          label = item.label,
          new_text = item.textEdit and item.textEdit.newText or vim.NIL,
        })
      end
    end
    log("completion at " .. complete_at .. ": " .. #report.completion .. " items")
  end
  local definition_at = env("MCD_NVIM_DEFINITION")
  if definition_at and definition_at ~= "" then
    local position = at_position(definition_at)
    if not position then
      return finish(5, "MCD_NVIM_DEFINITION must be line:character, got " .. definition_at)
    end
    local responses = vim.lsp.buf_request_sync(buf, "textDocument/definition", {
      textDocument = { uri = vim.uri_from_bufnr(buf) },
      position = position,
    }, timeout) or {}
    report.definition = {}
    for _, response in pairs(responses) do
      local result = response.result
      if result and result.uri then
        result = { result }
      end
      for _, loc in ipairs(result or {}) do
        table.insert(report.definition, {
          uri = loc.uri or loc.targetUri,
          line = (loc.range or loc.targetSelectionRange).start.line,
          character = (loc.range or loc.targetSelectionRange).start.character,
          end_character = (loc.range or loc.targetSelectionRange)["end"].character,
        })
      end
    end
    log("definition at " .. definition_at .. ": " .. #report.definition .. " locations")
  end

  local want_fix = env("MCD_NVIM_FIX")
  if not want_fix or want_fix == "" then
    return finish(0, "diagnostic " .. want_code .. " received")
  end

  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = diag.range,
    context = { diagnostics = { diag } },
  }
  local responses = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", params, timeout) or {}
  local chosen = nil
  for _, response in pairs(responses) do
    for _, action in ipairs(response.result or {}) do
      table.insert(report.actions, action.title)
      if not chosen and action.title == want_fix then
        chosen = action
      end
    end
  end
  if not chosen then
    for _, response in pairs(responses) do
      for _, action in ipairs(response.result or {}) do
        if not chosen and action.title:find(want_fix, 1, true) then
          chosen = action
        end
      end
    end
  end
  if not chosen then
    return finish(2, "code action '" .. want_fix .. "' not offered (offered: " .. table.concat(report.actions, " | ") .. ")")
  end
  report.applied = chosen.title
  log("applying: " .. chosen.title)

  local client = vim.lsp.get_client_by_id(client_id)
  if not chosen.edit and not chosen.command and chosen.data ~= nil then
    local resolved = client.request_sync("codeAction/resolve", chosen, timeout, buf)
    if resolved and resolved.result then
      chosen = resolved.result
    end
  end
  if chosen.edit then
    vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding or "utf-16")
  end
  local command = chosen.command
  if type(command) == "table" then
    -- The server applies its edit through workspace/applyEdit, which Neovim answers.
    local r = client.request_sync("workspace/executeCommand", {
      command = command.command,
      arguments = command.arguments,
    }, timeout, buf)
    if not r or r.err then
      return finish(3, "workspace/executeCommand failed: " .. vim.inspect(r and r.err))
    end
  end
  if not chosen.edit and type(command) ~= "table" then
    return finish(3, "the code action has neither an edit nor a command")
  end

  vim.api.nvim_buf_call(buf, function()
    vim.cmd("silent write")
  end)
  log("written: " .. file)

  -- The server revalidates after didChange/didSave: the fixed diagnostic must go away.
  local gone = vim.wait(timeout, function()
    return lsp_diag_with_code() == nil or exited ~= nil
  end, 20)
  record_diagnostics("diagnostics_after_fix")
  if exited then
    return finish(4, "the server exited during the run")
  end
  if not gone then
    return finish(3, "diagnostic " .. want_code .. " still reported after applying '" .. report.applied .. "'")
  end
  finish(0, "applied '" .. report.applied .. "' and diagnostic " .. want_code .. " went away")
end)

if not ok then
  report.error = tostring(err)
  finish(5, "error in the client script: " .. tostring(err))
end
