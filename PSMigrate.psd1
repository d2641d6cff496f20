@{
    RootModule           = 'PSMigrate.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5b0d6f9e-2c41-4c7a-9b55-0f2f6a8d3e11'
    Author               = 'PSMigrate contributors'
    CompanyName          = 'PSMigrate'
    Copyright            = '(c) PSMigrate contributors. MIT License.'
    Description          = 'Database schema migrations for SQLite, PostgreSQL and MySQL/MariaDB: a revision graph with branches and merges, upgrade, downgrade, stamp, history and offline SQL, as cmdlets that emit objects.'
    CompatiblePSEditions = @('Core')
    PowerShellVersion    = '7.4'
    CmdletsToExport      = @(
        'New-MigrationRevision'
        'Invoke-MigrationUpgrade'
        'Invoke-MigrationDowngrade'
        'Get-MigrationHistory'
        'Get-MigrationLog'
        'Set-MigrationStamp'
        'Get-MigrationStatus'
        'Get-MigrationHead'
        'Test-MigrationGraph'
        'Compare-MigrationSchema'
        'Export-MigrationSchema'
        'Test-MigrationDrift'
        'Test-Migration'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    FormatsToProcess     = @('PSMigrate.format.ps1xml')
    PrivateData          = @{
        PSData = @{
            Tags         = @('migrations', 'database', 'schema', 'sqlite', 'postgresql', 'mysql', 'mariadb', 'alembic', 'devops', 'PSEdition_Core', 'Linux', 'Windows', 'MacOS')
            ReleaseNotes = 'First release: revision graph with branches, merges and dependencies; upgrade, downgrade, stamp, history, status and offline SQL on SQLite, PostgreSQL and MySQL/MariaDB.'
        }
    }
}
