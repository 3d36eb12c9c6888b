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

---@type vim.lsp.Config
return {
  cmd = { 'dockerfile-ls' },
  filetypes = { 'dockerfile' },
  root_markers = { 'Dockerfile', 'Containerfile', '.git' },
  -- The server reads the `dockerfile-ls` section of `settings` from initializationOptions
  -- too, so settings apply from the first diagnostics on.
  before_init = function(params, config)
    local section = (config.settings or {})['dockerfile-ls']
    if section ~= nil and params.initializationOptions == nil then
      params.initializationOptions = section
    end
  end,
}
