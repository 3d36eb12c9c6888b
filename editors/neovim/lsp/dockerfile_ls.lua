---@brief
---
--- https://github.com/dockerfile-ls/dockerfile-ls
---
--- dockerfile-ls, a Dockerfile language server: BuildKit-exact diagnostics with quick fixes,
--- hover, completion, stage navigation, outline, formatting and inlay hints.
---
--- Install the binary (`cargo install dockerfile-ls`, Mason's `dockerfile-ls` package, or a
--- release binary on your PATH).
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
---
--- And to ignore files: `.dockerignore` (filetype `gitignore`) and a Dockerfile's own
--- `Dockerfile.dockerignore` (which Neovim calls `dockerfile`), checked against the build
--- context they apply to. Other `*.dockerignore` names have no filetype in Neovim 0.11:
--- `vim.filetype.add({ pattern = { ['.*%.dockerignore'] = 'gitignore' } })` gives them one.

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

local function is_ignore_file(name)
  return name:match('%.dockerignore$') ~= nil
end

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
  filetypes = { 'dockerfile', 'yaml', 'hcl', 'json', 'gitignore' },
  -- Every Dockerfile, and only the yaml/hcl/json buffers that are Compose or Bake files and
  -- the gitignore buffers that are ignore files of a build.
  root_dir = function(bufnr, on_dir)
    local path = vim.api.nvim_buf_get_name(bufnr)
    local name = vim.fs.basename(path)
    if vim.bo[bufnr].filetype ~= 'dockerfile' and not is_build_file(name) and not is_ignore_file(name) then
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
