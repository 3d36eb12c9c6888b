-- Neovim 0.11 with editors/neovim/lsp/dockerfile_ls.lua, headless:
--   DOCKERFILE_LS_BIN=… NVIM_TEST_ENCODING=utf-16|utf-8 nvim --headless --clean -c 'luafile tests/editors/neovim/test.lua'
-- Opens a copy of tests/editors/fixtures/neovim/Dockerfile (a non-ASCII line above the edits)
-- and checks diagnostics (ids and byte columns), hover, stage definition from `--from=0` and
-- `--mount=from=`, the two signature quick fixes, fix-all and formatting. Exits 1 on failure.

local root = vim.fn.getcwd()
local encoding = os.getenv('NVIM_TEST_ENCODING') or 'utf-16'
local bin = assert(os.getenv('DOCKERFILE_LS_BIN'), 'DOCKERFILE_LS_BIN is not set')
local failures = 0

local function log(msg)
  io.stdout:write(('neovim[%s]: %s\n'):format(encoding, msg))
end

local function check(ok, msg)
  if ok then
    log('ok: ' .. msg)
  else
    failures = failures + 1
    log('FAILED: ' .. msg)
  end
  return ok
end

local function finish()
  if failures > 0 then
    log(failures .. ' check(s) failed')
    vim.cmd('cquit 1')
  else
    log('all checks passed')
    vim.cmd('qall!')
  end
end

local ok, err = xpcall(function()
  -- The file names the README promises (and the one it says to add).
  check(vim.filetype.match({ filename = 'Dockerfile.prod' }) == 'dockerfile', 'Dockerfile.prod is detected')
  check(vim.filetype.match({ filename = 'Containerfile' }) == 'dockerfile', 'Containerfile is detected')
  check(vim.filetype.match({ filename = '/x/Dockerfile-dev' }) == nil, 'Dockerfile-dev is not detected by default')
  vim.filetype.add({
    pattern = {
      ['.*/Dockerfile[-.].*'] = 'dockerfile',
      ['.*/Containerfile[-.].*'] = 'dockerfile',
      ['.*%.Containerfile'] = 'dockerfile',
    },
  })
  check(vim.filetype.match({ filename = '/x/Dockerfile-dev' }) == 'dockerfile', 'the README line adds Dockerfile-dev')
  check(vim.filetype.match({ filename = '/x/app.Containerfile' }) == 'dockerfile', 'and app.Containerfile')

  -- The shipped config, from 'runtimepath', with only the command and encoding overridden.
  vim.opt.runtimepath:prepend(root .. '/editors/neovim')
  vim.lsp.config('dockerfile_ls', {
    cmd = { bin },
    capabilities = { general = { positionEncodings = { encoding } } },
  })
  vim.lsp.enable('dockerfile_ls')

  local dir = vim.fn.tempname()
  vim.fn.mkdir(dir, 'p')
  for _, name in ipairs({ 'Dockerfile', '.dockerignore' }) do
    vim.fn.writefile(vim.fn.readfile(root .. '/tests/editors/fixtures/neovim/' .. name, 'b'), dir .. '/' .. name, 'b')
  end
  vim.cmd('edit ' .. vim.fn.fnameescape(dir .. '/Dockerfile'))
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].expandtab = true
  vim.bo[buf].shiftwidth = 4
  check(vim.bo[buf].filetype == 'dockerfile', 'filetype dockerfile')

  local client
  check(vim.wait(10000, function()
    client = vim.lsp.get_clients({ bufnr = buf, name = 'dockerfile_ls' })[1]
    return client ~= nil and client.initialized
  end, 20), 'the server started and attached')
  check(client.offset_encoding == encoding, 'negotiated ' .. tostring(client.offset_encoding))

  check(vim.wait(10000, function() return #vim.diagnostic.get(buf) >= 4 end, 20), 'diagnostics arrived')
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  local function line_of(text)
    for i, l in ipairs(lines) do
      if l:find(text, 1, true) then return i - 1 end
    end
    error('no line with ' .. text)
  end
  local function col_of(text, after)
    local l = line_of(after or text)
    return l, lines[l + 1]:find(text, 1, true) - 1
  end
  local got = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    check(d.source == 'dockerfile-ls', 'source of ' .. tostring(d.code))
    table.insert(got, ('%s@%d:%d'):format(d.code, d.lnum, d.col))
  end
  table.sort(got)
  local l_env, c_env = col_of('API_TOKEN')
  local l_from = line_of('COPY --from=0')
  local l_arg, c_arg = col_of('NPM_TOKEN', 'ARG NPM_TOKEN')
  local l_exp, c_exp = col_of('8080/TCP')
  local want = {
    ('ExposeProtoCasing@%d:%d'):format(l_exp, c_exp),
    ('NumericStageReference@%d:%d'):format(l_from, #'COPY --from='),
    ('SecretsUsedInArgOrEnv@%d:%d'):format(l_env, c_env), -- after 'é', 'ö' and '🐳'
    ('SecretsUsedInArgOrEnv@%d:%d'):format(l_arg, c_arg),
  }
  table.sort(want)
  check(vim.deep_equal(got, want), 'diagnostics ' .. vim.inspect(got) .. ' == ' .. vim.inspect(want))

  local function pos_params(line, col)
    local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
    params.position = {
      line = line,
      character = vim.str_utfindex(lines[line + 1], encoding, col, false),
    }
    return params
  end
  local function request(method, params)
    local resp = client:request_sync(method, params, 5000, buf)
    assert(resp and not resp.err, method .. ': ' .. vim.inspect(resp))
    return resp.result
  end

  -- Hover.
  local hover = request('textDocument/hover', pos_params(line_of('WORKDIR'), 1))
  local text = hover and (hover.contents.value or vim.inspect(hover.contents)) or ''
  check(text:find('working directory', 1, true) ~= nil, 'hover on WORKDIR shows its docs')

  -- Go to the stage definition.
  local builder_line = line_of('AS builder')
  local function definition_line(line, col)
    local result = request('textDocument/definition', pos_params(line, col))
    if result == nil then return nil end
    local loc = result[1] or result
    return (loc.targetRange or loc.range).start.line
  end
  check(definition_line(l_from, #'COPY --from=') == builder_line, '--from=0 goes to the builder stage')
  local l_mount, c_mount = col_of('builder,source', '--mount=from=builder')
  check(definition_line(l_mount, c_mount + 2) == builder_line, '--mount=from=builder goes to the stage')

  -- Quick fixes, found by title, resolved when needed, applied with the client's encoding.
  local function code_actions(line, only)
    local params = vim.lsp.util.make_range_params(0, client.offset_encoding)
    local text = vim.api.nvim_buf_get_lines(buf, line, line + 1, false)[1] or ''
    params.range = {
      start = { line = line, character = 0 },
      ['end'] = { line = line, character = vim.str_utfindex(text, encoding) },
    }
    params.context = {
      diagnostics = vim.lsp.diagnostic.from(vim.diagnostic.get(buf, { lnum = line })),
      only = only,
    }
    return request('textDocument/codeAction', params) or {}
  end
  local function apply(action)
    if action.edit == nil and action.data ~= nil then
      action = request('codeAction/resolve', action)
    end
    assert(action.edit, 'action has an edit: ' .. vim.inspect(action))
    vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
  end
  local function apply_titled(line, pattern)
    local titles = {}
    for _, a in ipairs(code_actions(line)) do
      if a.title:find(pattern) then
        apply(a)
        return a.title
      end
      table.insert(titles, a.title)
    end
    error('no code action matching ' .. pattern .. ' on line ' .. line .. ': ' .. vim.inspect(titles))
  end
  log('applied: ' .. apply_titled(l_from, 'builder'))
  check(vim.api.nvim_buf_get_lines(buf, l_from, l_from + 1, false)[1] == 'COPY --from=builder /out/app /app',
    'the --from=0 fix names the stage')
  log('applied: ' .. apply_titled(l_arg, 'secret'))
  local after = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')
  check(after:find('ARG NPM_TOKEN', 1, true) == nil, 'the secret ARG is gone')
  check(after:find('--mount=type=secret,id=npm_token', 1, true) ~= nil, 'the RUN mounts it as a secret')

  -- Fix-all over the edited buffer (the server has every edit before this request).
  local fixes = code_actions(0, { 'source.fixAll.dockerfile-ls' })
  check(#fixes == 1, 'one fix-all action')
  if fixes[1] then apply(fixes[1]) end
  lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  check(vim.tbl_contains(lines, 'EXPOSE 8080/tcp'), 'fix-all lower-cased the protocol')

  -- Formatting: the continuation line gets one indent ('shiftwidth' 4, spaces).
  vim.lsp.buf.format({ bufnr = buf, async = false, timeout_ms = 5000 })
  lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  check(lines[line_of('RUN echo one') + 2] == '    two', 'formatting re-indents the continuation: ' .. vim.inspect(lines[line_of('RUN echo one') + 2]))
  check(lines[l_env + 1] == 'ENV GREETING="héllo wörld 🐳" API_TOKEN=abc', 'the non-ASCII line is untouched')

  -- A compose file (filetype yaml) gets the server too, and its target is checked against
  -- the Dockerfile's stages; a YAML file that builds nothing does not.
  vim.fn.writefile({ 'services:', '  app:', '    build:', '      context: .', '      target: bulder' }, dir .. '/compose.yaml')
  vim.fn.writefile({ 'key: value' }, dir .. '/settings.yaml')
  vim.cmd('edit ' .. vim.fn.fnameescape(dir .. '/settings.yaml'))
  local other = vim.api.nvim_get_current_buf()
  vim.cmd('edit ' .. vim.fn.fnameescape(dir .. '/compose.yaml'))
  local compose = vim.api.nvim_get_current_buf()
  check(vim.bo[compose].filetype == 'yaml', 'compose.yaml has filetype yaml')
  check(vim.wait(10000, function()
    return #vim.lsp.get_clients({ bufnr = compose, name = 'dockerfile_ls' }) == 1
  end, 20), 'the server attached to compose.yaml')
  check(#vim.lsp.get_clients({ bufnr = other, name = 'dockerfile_ls' }) == 0, 'but not to settings.yaml')
  check(vim.wait(10000, function() return #vim.diagnostic.get(compose) > 0 end, 20), 'compose diagnostics arrived')
  local target = vim.diagnostic.get(compose)[1] or {}
  check(target.code == 'UnknownBuildTarget' and target.lnum == 4 and target.col == 14,
    'the misspelt target is an error: ' .. vim.inspect({ target.code, target.lnum, target.col, target.message }))
  check((target.message or ''):find('did you mean `builder`', 1, true) ~= nil, 'with the stage it means')

  -- The .dockerignore (filetype gitignore) gets the server, checked against its context; a
  -- .gitignore does not.
  vim.fn.writefile({ 'node_modules' }, dir .. '/.gitignore')
  vim.cmd('edit ' .. vim.fn.fnameescape(dir .. '/.gitignore'))
  local gitignore = vim.api.nvim_get_current_buf()
  vim.cmd('edit ' .. vim.fn.fnameescape(dir .. '/.dockerignore'))
  local ignore = vim.api.nvim_get_current_buf()
  check(vim.bo[ignore].filetype == 'gitignore', '.dockerignore has filetype gitignore')
  check(vim.wait(10000, function()
    return #vim.lsp.get_clients({ bufnr = ignore, name = 'dockerfile_ls' }) == 1
  end, 20), 'the server attached to .dockerignore')
  check(#vim.lsp.get_clients({ bufnr = gitignore, name = 'dockerfile_ls' }) == 0, 'but not to .gitignore')
  check(vim.wait(10000, function()
    for _, d in ipairs(vim.diagnostic.get(ignore)) do
      if d.code == 'IgnorePatternMatchesNothing' then return true end
    end
    return false
  end, 20), 'the context was walked: `node_module` matches nothing in it')
end, debug.traceback)

if not ok then
  failures = failures + 1
  log('error: ' .. tostring(err))
end
finish()
