#Requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests and publishes PSMigrate.
.EXAMPLE
    ./build.ps1 -Task Publish; Import-Module ./out/PSMigrate
.EXAMPLE
    ./build.ps1 -Task Test
.EXAMPLE
    ./build.ps1 -Task Help    # after changing a cmdlet's parameters or docs/help/PSMigrate.help.psd1
.EXAMPLE
    ./build.ps1 -Task Package # out/packages: PSMigrate (the module), PSMigrate.Cli (the .NET tool), PSMigrate.Core (the engine)
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Publish', 'Help', 'Pester', 'Package', 'All')]
    [string] $Task = 'All',
    [string] $Configuration = 'Release',
    # The packages' version, SemVer (1.2.0, or 1.2.0-beta1); default: <Version> in Directory.Build.props.
    [string] $Version
)
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

function Invoke-Dotnet {
    dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $args failed with exit code $LASTEXITCODE" }
}

if ($Task -in 'Build', 'All') { Invoke-Dotnet build PSMigrate.sln -c $Configuration }
if ($Task -in 'Test', 'All') { Invoke-Dotnet test PSMigrate.sln }
if ($Task -in 'Publish', 'Help', 'Pester', 'All') {
    # The module folder: cmdlets in the root, the engine and its drivers in Dependencies/.
    Invoke-Dotnet publish src/PSMigrate -c $Configuration -o out/PSMigrate
}
if ($Task -in 'Publish', 'All') {
    # The CLI gets a folder of its own: beside out/PSMigrate, a folder named psmigrate would be found
    # by Import-Module PSMigrate when out/ is on PSModulePath, and is the same folder on
    # case-insensitive file systems. It is compiled ahead of time for this machine (Native AOT needs
    # clang or gcc): a native psmigrate starts in milliseconds, where the .NET tool spends a tenth of
    # a second compiling itself before it reaches the database. Without that toolchain, the .NET build.
    $rid = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
    try { Invoke-Dotnet publish src/PSMigrate.Cli -c $Configuration -f net10.0 -r $rid '-p:PublishAot=true' -o out/psmigrate-cli }
    catch {
        Write-Warning "Native AOT could not build psmigrate here (it needs clang or gcc); out/psmigrate-cli gets the .NET build"
        Invoke-Dotnet publish src/PSMigrate.Cli -c $Configuration -f net10.0 -r $rid --self-contained false '-p:PublishReadyToRun=true' -o out/psmigrate-cli
    }
}
if ($Task -eq 'Help') {
    # The MAML help is generated from the cmdlets; publish again so out/PSMigrate carries it.
    & ./tools/New-ModuleHelp.ps1
    Invoke-Dotnet publish src/PSMigrate -c $Configuration -o out/PSMigrate
}
if ($Task -in 'Package', 'All') {
    $packages = Join-Path $PSScriptRoot 'out/packages'
    New-Item -ItemType Directory -Force $packages | Out-Null
    $versionArgument = @(if ($Version) { "-p:Version=$Version" })
    Invoke-Dotnet pack src/PSMigrate.Core -c $Configuration -o $packages @versionArgument
    Invoke-Dotnet pack src/PSMigrate.Cli -c $Configuration -o $packages @versionArgument
    # The module as PSResourceGet packs it, from a folder named like the module: Install-PSResource
    # takes it from any repository registered on out/packages (or the PowerShell Gallery, once published).
    $staging = Join-Path $PSScriptRoot 'out/module-package/PSMigrate'
    Remove-Item -Recurse -Force (Split-Path $staging) -ErrorAction SilentlyContinue
    Invoke-Dotnet publish src/PSMigrate -c $Configuration -o $staging @versionArgument
    if ($Version) {
        # A manifest's version is Major.Minor.Patch; a SemVer pre-release label goes in PSData.Prerelease.
        $release, $label = $Version.Split('-', 2)
        $manifest = Join-Path $staging 'PSMigrate.psd1'
        $text = (Get-Content $manifest -Raw) -replace "ModuleVersion\s*=\s*'[^']*'", "ModuleVersion        = '$release'"
        if ($label) { $text = $text -replace 'PSData = @\{', "PSData = @{`n            Prerelease   = '$($label -replace '[^A-Za-z0-9]', '')'" }
        Set-Content $manifest $text -NoNewline
    }
    Compress-PSResource -Path $staging -DestinationPath $packages
    Get-ChildItem $packages -Filter *.nupkg | Sort-Object LastWriteTime | Select-Object -Last 3 Name, Length
}
if ($Task -in 'Pester', 'All') { & ./tests/Pester/Run-Pester.ps1 }
