# The PowerShell surface, on hosts that have pwsh and Pester 5: import the published module,
# upgrade an example, read history through Format-Table, and check that -WhatIf changes nothing.
BeforeAll {
    $root = Resolve-Path "$PSScriptRoot/../.."
    Import-Module (Join-Path $root 'out/PSMigrate/PSMigrate.psd1') -Force
    function New-BlogCopy {
        $folder = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        Copy-Item -Recurse (Join-Path $root 'examples/blog') $folder
        Get-ChildItem $folder -Filter *.db | Remove-Item
        $folder
    }
}

Describe 'PSMigrate module' {
    It 'exports exactly the eight cmdlets' {
        (Get-Command -Module PSMigrate).Name | Sort-Object | Should -Be @(
            'Get-MigrationHead', 'Get-MigrationHistory', 'Get-MigrationStatus', 'Invoke-MigrationDowngrade',
            'Invoke-MigrationUpgrade', 'New-MigrationRevision', 'Set-MigrationStamp', 'Test-MigrationGraph')
    }

    It 'has help with examples for every cmdlet' {
        foreach ($command in Get-Command -Module PSMigrate) {
            (Get-Help $command.Name -Examples).Examples.Example.Count | Should -BeGreaterThan 0 -Because $command.Name
        }
    }

    It 'resolves -Path against the PowerShell location' {
        $blog = New-BlogCopy
        Push-Location (Split-Path $blog)
        try { (Get-MigrationHead -Path (Split-Path $blog -Leaf)).Revision | Should -Be 'e5b8d0c2a944' }
        finally { Pop-Location }
    }
}

Describe 'Invoke-MigrationUpgrade' {
    It 'upgrades the blog example to head and emits a step per revision' {
        $blog = New-BlogCopy
        $steps = Invoke-MigrationUpgrade -Path $blog
        $steps.Count | Should -Be 4
        $steps | ForEach-Object { $_.Status | Should -Be 'Applied' }
        (Get-MigrationStatus -Path $blog).IsUpToDate | Should -BeTrue
    }

    It '-WhatIf plans without changing anything' {
        $blog = New-BlogCopy
        Invoke-MigrationUpgrade -Path $blog -WhatIf | Should -BeNullOrEmpty
        Join-Path $blog 'blog.db' | Should -Not -Exist
        (Get-MigrationStatus -Path $blog).Pending.Count | Should -Be 4
    }

    It 'upgrades every database piped in' {
        $blog = New-BlogCopy
        $results = "sqlite:$blog/a.db", "sqlite:$blog/b.db" | Invoke-MigrationUpgrade -Path $blog
        ($results | Group-Object Database).Count | Should -Be 2
    }

    It 'writes errors with the engine error id' {
        $blog = New-BlogCopy
        { Invoke-MigrationUpgrade -Path $blog -Target nosuchrevision -ErrorAction Stop } |
            Should -Throw -ErrorId 'PSMigrate.UnknownRevision,PSMigrate.Commands.InvokeMigrationUpgradeCommand'
    }

    It 'a failing revision emits the steps that ran, then one error naming the revision and line' {
        $blog = New-BlogCopy
        Set-Content (Join-Path $blog 'versions/ff_broken.sql') "-- Revision: ff`n-- Revises: e5b8d0c2a944`n-- +upgrade`nINSERT INTO no_such_table VALUES (1);`n-- +downgrade`n"
        $steps = Invoke-MigrationUpgrade -Path $blog -ErrorVariable failures -ErrorAction SilentlyContinue
        ($steps | Where-Object Status -eq 'Applied').Count | Should -Be 4
        ($steps | Where-Object Status -eq 'Failed').Revision | Should -Be 'ff'
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'PSMigrate.StatementFailed,*'
        $failures[0].TargetObject.Line | Should -Be 4
        (Get-MigrationStatus -Path $blog).Current | Should -Be 'e5b8d0c2a944'
    }

    It '-Sql renders a script without connecting' {
        $blog = New-BlogCopy
        $sql = Invoke-MigrationUpgrade -Path $blog -Sql
        $sql | Should -Match 'CREATE TABLE authors'
        Join-Path $blog 'blog.db' | Should -Not -Exist
    }
}

Describe 'Get-MigrationHistory' {
    It 'reads well through Format-Table' {
        $blog = New-BlogCopy
        Invoke-MigrationUpgrade -Path $blog -Target 8d24 | Out-Null
        $table = Get-MigrationHistory -Path $blog | Format-Table | Out-String
        $table | Should -Match 'Revision\s+Revises\s+Place\s+Applied'
        $table | Should -Match '8d24be7741c2 \*'
        (Get-MigrationHistory -Path $blog)[0].Revision | Should -Be 'e5b8d0c2a944'
    }
}

Describe 'Invoke-MigrationDowngrade and Set-MigrationStamp' {
    It 'downgrades by delta and stamps' {
        $blog = New-BlogCopy
        Invoke-MigrationUpgrade -Path $blog | Out-Null
        (Invoke-MigrationDowngrade -Path $blog -Delta 1).Revision | Should -Be 'e5b8d0c2a944'
        (Set-MigrationStamp -Path $blog -Target head).Current | Should -Be 'e5b8d0c2a944'
        Set-MigrationStamp -Path $blog -Target base -WhatIf | Out-Null
        (Get-MigrationStatus -Path $blog).Current | Should -Be 'e5b8d0c2a944'
    }
}

Describe 'New-MigrationRevision and Test-MigrationGraph' {
    It 'branches, detects two heads, and merges them with -Merge' {
        $blog = New-BlogCopy
        New-MigrationRevision -Path $blog -Message 'side' -Revises 8d24be7741c2 -BranchLabel side | Out-Null
        Test-MigrationGraph -Path $blog | Should -BeFalse
        (Test-MigrationGraph -Path $blog -Detailed).ErrorId | Should -Contain 'PSMigrate.MultipleHeads'
        $merge = New-MigrationRevision -Path $blog -Message 'merge' -Merge
        $merge.Revises.Count | Should -Be 2
        Test-MigrationGraph -Path $blog | Should -BeTrue
    }

    It '-WhatIf writes no file' {
        $blog = New-BlogCopy
        New-MigrationRevision -Path $blog -Message 'nothing' -WhatIf | Out-Null
        (Get-ChildItem (Join-Path $blog 'versions')).Count | Should -Be 4
    }
}
