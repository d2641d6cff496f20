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
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Publish', 'Help', 'Pester', 'All')]
    [string] $Task = 'All',
    [string] $Configuration = 'Release'
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
    # The CLI gets a folder of its own: beside out/PSMigrate, a folder named psmigrate would be found
    # by Import-Module PSMigrate when out/ is on PSModulePath, and is the same folder on
    # case-insensitive file systems.
    Invoke-Dotnet publish src/PSMigrate.Cli -c $Configuration -f net10.0 -o out/psmigrate-cli
}
if ($Task -eq 'Help') {
    # The MAML help is generated from the cmdlets; publish again so out/PSMigrate carries it.
    & ./tools/New-ModuleHelp.ps1
    Invoke-Dotnet publish src/PSMigrate -c $Configuration -o out/PSMigrate
}
if ($Task -in 'Pester', 'All') { & ./tests/Pester/Run-Pester.ps1 }
