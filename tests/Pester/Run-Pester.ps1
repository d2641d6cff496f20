#Requires -Version 7.4
# Publishes the module and runs the Pester specs against the published folder. Prints one line
# "PESTER-SUMMARY <passed> <failed> <skipped>" for .ci/run to add to the xunit counts.
$ErrorActionPreference = 'Stop'
$root = Resolve-Path "$PSScriptRoot/../.."
$module = Join-Path $root 'out/PSMigrate'
dotnet publish (Join-Path $root 'src/PSMigrate') -c Release -o $module --nologo -v quiet
if ($LASTEXITCODE -ne 0) { throw 'dotnet publish failed' }

Import-Module Pester -MinimumVersion 5.0
$config = New-PesterConfiguration
$config.Run.Path = $PSScriptRoot
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$result = Invoke-Pester -Configuration $config
"PESTER-SUMMARY $($result.PassedCount) $($result.FailedCount) $($result.SkippedCount)"
exit $result.FailedCount
