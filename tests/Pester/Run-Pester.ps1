#Requires -Version 7.4
# Publishes the module and runs the Pester specs against the published folder. Prints one line
# "PESTER-SUMMARY <passed> <failed> <skipped>" for .ci/run to add to the xunit counts.
$ErrorActionPreference = 'Stop'
$root = Resolve-Path "$PSScriptRoot/../.."
$module = Join-Path $root 'out/PSMigrate'
dotnet publish (Join-Path $root 'src/PSMigrate') -c Release -o $module --nologo -v quiet
if ($LASTEXITCODE -ne 0) { throw 'dotnet publish failed' }

# Pester 5.7.1 from NuGet (tests/Pester/Pester.csproj), so every machine runs the same Pester.
dotnet restore (Join-Path $PSScriptRoot 'Pester.csproj') --nologo -v quiet
if ($LASTEXITCODE -ne 0) { throw 'dotnet restore of Pester failed' }
$packages = (dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', ''
Import-Module (Join-Path $packages 'pester/5.7.1/tools/Pester.psd1') -Force
$config = New-PesterConfiguration
$config.Run.Path = $PSScriptRoot
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$result = Invoke-Pester -Configuration $config
"PESTER-SUMMARY $($result.PassedCount) $($result.FailedCount) $($result.SkippedCount)"
exit $result.FailedCount
