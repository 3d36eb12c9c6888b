---@brief
---
--- https://github.com/dockerfile-ls/dockerfile-ls
---
--- dockerfile-ls, a Dockerfile language server: BuildKit-exact diagnostics with quick fixes,
--- hover, completion, stage navigation, outline, formatting and inlay hints.
---
--- Install the binary with `cargo install --path server/ls` from a clone of the repository,
--- or put a release binary on your PATH.
---
--- Settings (sent as `initializationOptions` and answered for `workspace/configuration`,
--- section `dockerfile-ls`):
--- ```lua
--- vim.lsp.config('dockerfile_ls', {
---   settings = {
---     ['dockerfile-ls'] = {
---       rules = { RootUser = 'off', DL3008 = 'warning' },
---       format = { indent = 2 },   -- nil: 'shiftwidth'; 0: keep the indentation
---     },
---   },
--- })
--- ```
---
--- It works without a project root too: a lone Dockerfile gets the same diagnostics.
---
--- It also attaches to Compose and Bake files (`compose.yaml`, `docker-compose.yml`,
--- `compose.*.yaml`, `docker-bake.hcl`, `docker-bake.json`: filetypes `yaml`, `hcl` and
--- `json`), next to whatever YAML or HCL server you use, and to no other file of those types:
--- their targets, build arguments and secrets are checked against the Dockerfile they build.

---@type vim.lsp.Config
-- Compose and Bake files by name (their filetypes are plain yaml, hcl and json).
local build_files = {
  '^compose%.ya?ml$',
  '^docker%-compose%.ya?ml$',
  '^compose%..+%.ya?ml$',
  '^docker%-compose%..+%.ya?ml$',
  '^docker%-bake.*%.hcl$',
  '^docker%-bake.*%.json$',
}

local function is_build_file(name)
  for _, pattern in ipairs(build_files) do
    if name:match(pattern) then
      return true
    end
  end
  return false
end

return {
  cmd = { 'dockerfile-ls' },
  filetypes = { 'dockerfile', 'yaml', 'hcl', 'json' },
  -- Every Dockerfile, and only the yaml/hcl/json buffers that are Compose or Bake files.
  root_dir = function(bufnr, on_dir)
    local path = vim.api.nvim_buf_get_name(bufnr)
    if vim.bo[bufnr].filetype ~= 'dockerfile' and not is_build_file(vim.fs.basename(path)) then
      return
    end
    on_dir(vim.fs.root(bufnr, { '.git' }) or vim.fs.root(bufnr, { 'Dockerfile', 'Containerfile' }) or vim.fs.dirname(path))
  end,
  -- The server reads the `dockerfile-ls` section of `settings` from initializationOptions
  -- too, so settings apply from the first diagnostics on.
  before_init = function(params, config)
    local section = (config.settings or {})['dockerfile-ls']
    if section ~= nil and params.initializationOptions == nil then
      params.initializationOptions = section
    end
  end,
}
