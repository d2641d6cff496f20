#Requires -Version 7.4
#Requires -Modules PSMigrate
<#
.SYNOPSIS
    An admin's upgrade: preview with -WhatIf, confirm, upgrade, and show the history as a table.
.EXAMPLE
    ./examples/Update-Database.ps1 -Path ./examples/blog -Database sqlite:./blog.db
.EXAMPLE
    ./examples/Update-Database.ps1 -Path ./migrations -Database postgresql://admin@db01/app -Credential (Get-Credential admin)
.EXAMPLE
    ./examples/Update-Database.ps1 -Path ./examples/blog -Force    # unattended: no question asked
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)] [string] $Path,
    [string] $Database,
    [pscredential] $Credential,
    [string] $Target = 'heads',
    # Upgrade without asking, for scheduled jobs and pipelines.
    [switch] $Force
)
$ErrorActionPreference = 'Stop'
$connection = @{ Path = $Path }
if ($Database) { $connection.Database = $Database }
if ($Credential) { $connection.Credential = $Credential }

$status = Get-MigrationStatus @connection
if ($status.IsDirty) { throw "The database is dirty: $($status.DirtyReason)" }
if ($status.Pending.Count -eq 0) { Write-Host 'Already up to date.'; return }

Write-Host "Pending: $($status.Pending -join ', ')"
Invoke-MigrationUpgrade @connection -Target $Target -WhatIf

if ($Force -or $PSCmdlet.ShouldContinue("Upgrade $($status.Database) to ${Target}?", 'Upgrade')) {
    Invoke-MigrationUpgrade @connection -Target $Target | Format-Table
    Get-MigrationHistory @connection | Format-Table
}
