# Installs the dockerfile-ls release binary for Windows (x64), after checking the archive
# against its published SHA-256 checksum.
#
#   powershell -ExecutionPolicy Bypass -c "irm https://github.com/dockerfile-ls/dockerfile-ls/releases/latest/download/install.ps1 | iex"
#
# $env:DOCKERFILE_LS_VERSION      a released version (default: the latest release)
# $env:DOCKERFILE_LS_INSTALL_DIR  where the binary goes (default: %LOCALAPPDATA%\dockerfile-ls\bin,
#                                 which is added to the user's PATH)
# $env:DOCKERFILE_LS_DOWNLOAD_URL replaces the download address (a mirror)
# Nothing is installed when the checksum does not match.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$repoUrl = 'https://github.com/dockerfile-ls/dockerfile-ls'
$target = 'x86_64-pc-windows-msvc'
$archive = "dockerfile-ls-$target.zip"

if (-not [Environment]::Is64BitOperatingSystem) {
    throw 'dockerfile-ls: there is a release binary for 64-bit Windows only; `cargo install dockerfile-ls` builds one'
}

if ($env:DOCKERFILE_LS_DOWNLOAD_URL) {
    $base = $env:DOCKERFILE_LS_DOWNLOAD_URL.TrimEnd('/')
} elseif ($env:DOCKERFILE_LS_VERSION) {
    $base = "$repoUrl/releases/download/v$($env:DOCKERFILE_LS_VERSION.TrimStart('v'))"
} else {
    $base = "$repoUrl/releases/latest/download"
}
if ($env:DOCKERFILE_LS_INSTALL_DIR) {
    $dir = $env:DOCKERFILE_LS_INSTALL_DIR
} else {
    $dir = Join-Path $env:LOCALAPPDATA 'dockerfile-ls\bin'
}

$tmp = Join-Path ([IO.Path]::GetTempPath()) ("dockerfile-ls-" + [Guid]::NewGuid())
New-Item -ItemType Directory -Path $tmp | Out-Null
try {
    [Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls12
    Write-Host "dockerfile-ls install: downloading $base/$archive"
    Invoke-WebRequest -UseBasicParsing -Uri "$base/$archive" -OutFile (Join-Path $tmp $archive)
    Invoke-WebRequest -UseBasicParsing -Uri "$base/$archive.sha256" -OutFile (Join-Path $tmp "$archive.sha256")
    $expected = ((Get-Content (Join-Path $tmp "$archive.sha256") -Raw).Trim() -split '\s+')[0].ToLowerInvariant()
    $actual = (Get-FileHash -Algorithm SHA256 (Join-Path $tmp $archive)).Hash.ToLowerInvariant()
    if ($expected -ne $actual) {
        throw "dockerfile-ls: checksum mismatch for ${archive}: expected $expected, got $actual; nothing was installed"
    }
    Expand-Archive -Path (Join-Path $tmp $archive) -DestinationPath (Join-Path $tmp 'x')
    $exe = Join-Path $tmp 'x\dockerfile-ls.exe'
    $version = & $exe --version
    if ($LASTEXITCODE -ne 0) { throw 'dockerfile-ls: the downloaded binary does not run on this machine' }
    New-Item -ItemType Directory -Force -Path $dir | Out-Null
    Move-Item -Force $exe (Join-Path $dir 'dockerfile-ls.exe')
    Write-Host "dockerfile-ls install: installed $version to $dir\dockerfile-ls.exe"
    $userPath = [Environment]::GetEnvironmentVariable('Path', 'User')
    if (-not $env:DOCKERFILE_LS_INSTALL_DIR -and (($userPath -split ';') -notcontains $dir)) {
        $parts = @(($userPath -split ';') | Where-Object { $_ }) + $dir
        [Environment]::SetEnvironmentVariable('Path', ($parts -join ';'), 'User')
        Write-Host "dockerfile-ls install: added $dir to your PATH (open a new terminal)"
    }
} finally {
    Remove-Item -Recurse -Force $tmp -ErrorAction SilentlyContinue
}
