# The PowerShell surface, on hosts that have pwsh and Pester 5: import the published module,
# upgrade an example, read history through Format-Table, and check that -WhatIf changes nothing.
BeforeAll {
    $root = Resolve-Path "$PSScriptRoot/../.."
    Import-Module (Join-Path $root 'out/PSMigrate/PSMigrate.psd1') -Force
    # A fresh process of the pwsh running these specs: an installed one, or the repository's .NET
    # tool, which is dotnet running pwsh.dll.
    function Invoke-Pwsh {
        $self = [Environment]::ProcessPath
        if ([IO.Path]::GetFileNameWithoutExtension($self) -eq 'dotnet') { & $self (Join-Path $PSHOME 'pwsh.dll') @args }
        else { & $self @args }
    }
    function New-BlogCopy {
        $folder = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        Copy-Item -Recurse (Join-Path $root 'examples/blog') $folder
        Get-ChildItem $folder -Filter *.db | Remove-Item
        $folder
    }
}

Describe 'PSMigrate module' {
    It 'exports exactly the thirteen cmdlets' {
        (Get-Command -Module PSMigrate).Name | Sort-Object | Should -Be @(
            'Compare-MigrationSchema', 'Export-MigrationSchema', 'Get-MigrationHead', 'Get-MigrationHistory', 'Get-MigrationLog', 'Get-MigrationStatus',
            'Invoke-MigrationDowngrade', 'Invoke-MigrationUpgrade', 'New-MigrationRevision', 'Set-MigrationStamp', 'Test-Migration',
            'Test-MigrationDrift', 'Test-MigrationGraph')
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
    It 'upgrades the blog example to head and emits one result with a step per revision' {
        $blog = New-BlogCopy
        $result = Invoke-MigrationUpgrade -Path $blog
        $result.Status | Should -Be 'Succeeded'
        $result.From.Count | Should -Be 0
        $result.To | Should -Be 'e5b8d0c2a944'
        $result.Steps.Count | Should -Be 4
        $result.Steps | ForEach-Object { $_.Status | Should -Be 'Applied' }
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
        $result = Invoke-MigrationUpgrade -Path $blog -ErrorVariable failures -ErrorAction SilentlyContinue
        $result.Status | Should -Be 'Failed'
        $result.ErrorId | Should -Be 'PSMigrate.StatementFailed'
        $result.IsDirty | Should -BeFalse
        $result.To | Should -Be 'e5b8d0c2a944'
        ($result.Steps | Where-Object Status -eq 'Applied').Count | Should -Be 4
        ($result.Steps | Where-Object Status -eq 'Failed').Revision | Should -Be 'ff'
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

Describe 'The README samples' {
    It 'show the -Verbose and -Debug lines the current build writes' {
        $readme = Get-Content (Join-Path $root 'README.md') -Raw
        function Normal($line, $database) {
            $line -replace [regex]::Escape('/tmp/readme/blog'), $database -replace 'in \d+ ms', 'in N ms' -replace '\(server [^)]+\)', '(server V)'
        }
        foreach ($case in @(@{ Stream = 'VERBOSE'; Arguments = @{ Verbose = $true } }, @{ Stream = 'DEBUG'; Arguments = @{ Debug = $true; Verbose = $false } })) {
            $blog = New-BlogCopy
            $arguments = $case.Arguments
            $records = if ($case.Stream -eq 'VERBOSE') { Invoke-MigrationUpgrade -Path $blog -Target 8d24 @arguments 4>&1 } else { Invoke-MigrationUpgrade -Path $blog -Target 8d24 @arguments 5>&1 }
            $written = @($records | Where-Object { $_ -is [System.Management.Automation.InformationalRecord] } | ForEach-Object { Normal $_.Message $blog })
            $documented = @([regex]::Matches($readme, "(?m)^$($case.Stream): (.*)$") | ForEach-Object { Normal $_.Groups[1].Value.TrimEnd() $blog })
            $documented.Count | Should -BeGreaterThan 2
            $written | Should -Be $documented -Because "README's $($case.Stream) sample"
        }
    }
}

Describe 'Get-MigrationLog' {
    It 'shows the journal newest first, and status and history carry a failure not made good' {
        $blog = New-BlogCopy
        Set-Content (Join-Path $blog 'versions/f00dfeed0001_broken.sql') "-- Revision: f00dfeed0001`n-- Revises: e5b8d0c2a944`n`n-- +upgrade`nINSERT INTO no_such_table VALUES (1);`n"
        Invoke-MigrationUpgrade -Path $blog -ErrorAction SilentlyContinue | Out-Null

        $log = Get-MigrationLog -Path $blog
        $log[0].Revision | Should -Be 'f00dfeed0001'
        $log[0].Status | Should -Be 'failed'
        $log[0].Error | Should -Match 'no such table: no_such_table'
        $log[0].StartedAt.Kind | Should -Be 'Utc'
        @($log | Where-Object Status -eq applied).Count | Should -Be 4
        @(Get-MigrationLog -Path $blog -Last 2).Count | Should -Be 2
        (Get-MigrationLog -Path $blog | Format-Table | Out-String -Width 120) | Should -Match 'f00dfeed0001\s+upgrade\s+failed'

        (Get-MigrationStatus -Path $blog).Failures.Revision | Should -Be 'f00dfeed0001'
        ((Get-MigrationHistory -Path $blog) | Where-Object Revision -eq 'f00dfeed0001').LastError | Should -Match 'no_such_table'
        (Get-MigrationHistory -Path $blog | Format-Table | Out-String -Width 120) | Should -Match 'f00dfeed0001\s+e5b8d0c2a944\s+head\s+failed'
    }
}

Describe 'The -Delta parameter set' {
    It 'upgrades and downgrades by a number of steps' {
        $blog = New-BlogCopy
        (Invoke-MigrationUpgrade -Path $blog -Delta 2).Steps.Revision | Should -Be @('3f1c2a9e0b01', '8d24be7741c2')
        (Invoke-MigrationDowngrade -Path $blog -Delta 2 -Confirm:$false).Steps.Revision | Should -Be @('8d24be7741c2', '3f1c2a9e0b01')
        { Invoke-MigrationUpgrade -Path $blog -Delta 1 -Target head } | Should -Throw -ErrorId 'AmbiguousParameterSet,PSMigrate.Commands.InvokeMigrationUpgradeCommand'
    }
}

Describe 'Invoke-MigrationDowngrade and Set-MigrationStamp' {
    It 'downgrades by delta and stamps' {
        $blog = New-BlogCopy
        Invoke-MigrationUpgrade -Path $blog | Out-Null
        (Invoke-MigrationDowngrade -Path $blog -Delta 1 -Confirm:$false).Steps.Revision | Should -Be 'e5b8d0c2a944'
        $stamped = Set-MigrationStamp -Path $blog -Target head
        $stamped.From | Should -Be 'c07e9a1f5d33'
        $stamped.To | Should -Be 'e5b8d0c2a944'
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

Describe 'Views at 80 columns' {
    BeforeAll {
        $blog = New-BlogCopy
        Invoke-MigrationUpgrade -Path $blog -Target 8d24 | Out-Null
        function Assert-Fits($objects, $headers) {
            $text = $objects | Format-Table | Out-String -Width 80
            $lines = $text -split "`n" | Where-Object { $_.Trim() }
            $lines | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual 80 -Because $_ }
            $lines[0] | Should -Match (($headers | ForEach-Object { [regex]::Escape($_) }) -join '\s+')
        }
    }

    It 'shows history with every column and a readable message' {
        Assert-Fits (Get-MigrationHistory -Path $blog) 'Revision', 'Revises', 'Place', 'Applied', 'Created', 'Message'
        (Get-MigrationHistory -Path $blog | Format-Table | Out-String -Width 80) | Should -Match 'seed the welcome'
    }

    It 'shows status with UpToDate' {
        Assert-Fits (Get-MigrationStatus -Path $blog) 'Current', 'Heads', 'Pending', 'Dirty', 'UpToDate', 'Database'
    }

    It 'tells databases apart by file name or host and database, not a cut prefix' {
        $deep = Join-Path $blog 'a-rather-long-folder-name-shared-by-both/databases'
        New-Item -ItemType Directory $deep | Out-Null
        $statuses = Get-MigrationStatus -Path $blog -Database (Join-Path $deep 'orders.db'), (Join-Path $deep 'billing.db')
        $table = $statuses | Format-Table | Out-String -Width 80
        $table | Should -Match 'databases/orders\.db'
        $table | Should -Match 'databases/billing\.db'
        $table | Should -Not -Match 'a-rather-long'
    }

    It 'shows the log and test results with their dialect' {
        Assert-Fits (Get-MigrationLog -Path $blog) 'Id', 'Revision', 'Operation', 'Status', 'Started (UTC)', 'Error'
        Assert-Fits (Test-Migration -Path $blog -ErrorAction SilentlyContinue) 'Check', 'Dialect', 'Revision', 'Status', 'Message'
        (Test-Migration -Path $blog -ErrorAction SilentlyContinue | Format-Table | Out-String -Width 80) | Should -Match 'upgrade\s+sqlite\s'
    }

    It 'shows steps and heads' {
        $result = Invoke-MigrationUpgrade -Path (New-BlogCopy)
        Assert-Fits $result 'Status', 'From', 'To', 'Steps', 'ErrorId', 'Database'
        Assert-Fits $result.Steps 'Revision', 'Direction', 'Status', 'Duration', 'Statements', 'Message'
        Assert-Fits (Get-MigrationHead -Path $blog) 'Revision', 'Revises', 'BranchLabels', 'Message'
    }

    It 'has a list view with everything, and reads at 120 columns too' {
        $list = Get-MigrationStatus -Path $blog | Format-List | Out-String
        $list | Should -Match 'FolderPath\s*:'
        $list | Should -Match 'Pending\s*: c07e9a1f5d33, e5b8d0c2a944'
        (Get-MigrationHistory -Path $blog | Format-Table | Out-String -Width 120) -split "`n" | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual 120 }
    }
}

Describe 'Tab completion' {
    It 'completes revision ids, labels and label@head through TabExpansion2' {
        $branches = Join-Path $root 'examples/branches'
        $line = "Invoke-MigrationUpgrade -Path '$branches' -Target b"
        $ids = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $ids | Should -Contain 'b10000000001'
        $ids | Should -Contain 'billing@head'
        $line = "Invoke-MigrationUpgrade -Path '$branches' -Target billing@"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('billing@head', 'billing@base')
    }

    It 'completes against the location when no -Path is given' {
        Push-Location (Join-Path $root 'examples/blog')
        try {
            $line = 'Invoke-MigrationUpgrade 8d'
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be '8d24be7741c2'
        }
        finally { Pop-Location }
    }
}

Describe 'Many databases in one call' {
    BeforeEach {
        $blog = New-BlogCopy
        # Databases whose posts table exists already fail at revision 8d24, after 3f1c committed.
        $bad = 1..2 | ForEach-Object { $f = Join-Path $blog "bad$_.db"; sqlite3 $f 'CREATE TABLE posts (x INTEGER)'; $f }
        $good = 1..6 | ForEach-Object { Join-Path $blog "good$_.db" }
    }

    It 'runs them together, one result and at most one error per database' {
        $results = Invoke-MigrationUpgrade -Path $blog -Database ($good + $bad) -ThrottleLimit 3 -ErrorVariable failures -ErrorAction SilentlyContinue
        $results.Count | Should -Be 8
        ($results | Where-Object Status -eq Succeeded).Count | Should -Be 6
        $failed = $results | Where-Object Status -eq Failed
        $failed.Count | Should -Be 2
        $failed | ForEach-Object { $_.ErrorId | Should -Be 'PSMigrate.StatementFailed'; $_.To | Should -Be '3f1c2a9e0b01'; $_.IsDirty | Should -BeFalse }
        $failures.Count | Should -Be 2
        foreach ($db in $good) { (Get-MigrationStatus -Path $blog -Database $db).IsUpToDate | Should -BeTrue }
        foreach ($db in $bad) { (Get-MigrationStatus -Path $blog -Database $db).Current | Should -Be '3f1c2a9e0b01' }
    }

    It '-FailFast starts no other database after a failure and reports the rest as skipped' {
        $results = Invoke-MigrationUpgrade -Path $blog -Database (@($bad[0]) + $good) -ThrottleLimit 1 -FailFast -ErrorAction SilentlyContinue
        $results[0].Status | Should -Be 'Failed'
        ($results | Where-Object Status -eq Skipped).Count | Should -Be 6
        ($results | Where-Object Status -eq Skipped)[0].ErrorMessage | Should -Match 'fail-fast'
        Join-Path $blog 'good1.db' | Should -Not -Exist
    }

    It 'takes database names from psmigrate.json, and reads many statuses at once' {
        Set-Content (Join-Path $blog 'psmigrate.json') '{ "databases": { "catalog": "sqlite:catalog.db", "monitoring": "sqlite:monitoring.db" } }'
        $results = Invoke-MigrationUpgrade -Path $blog -Database catalog, monitoring
        $results.Database | Sort-Object | Should -Be @("sqlite:$blog/catalog.db", "sqlite:$blog/monitoring.db")
        (Get-MigrationStatus -Path $blog -Database catalog, monitoring, $good[0] -ThrottleLimit 2).IsUpToDate | Sort-Object | Should -Be @($false, $true, $true)
    }

    It 'writes the summary to the information stream and -WhatIf asks per database' {
        $info = Invoke-MigrationUpgrade -Path $blog -Database $good[0], $good[1] 6>&1 | Where-Object { $_ -is [System.Management.Automation.InformationRecord] }
        "$($info.MessageData)" | Should -Be '2 database(s): 2 succeeded, 0 failed, 0 skipped'
        $whatIf = Invoke-MigrationUpgrade -Path $blog -Database $good[0], $good[2] -WhatIf 6>&1
        Join-Path $blog 'good3.db' | Should -Not -Exist
    }

    It 'writes a progress bar per database under one for the total' {
        $shell = [powershell]::Create()
        $null = $shell.AddScript("Import-Module '$root/out/PSMigrate/PSMigrate.psd1'; Invoke-MigrationUpgrade -Path '$blog' -Database '$($good[0])', '$($good[1])', '$($good[2])' -ThrottleLimit 2")
        $results = $shell.Invoke()
        $shell.HadErrors | Should -BeFalse
        $results.Count | Should -Be 3
        $progress = @($shell.Streams.Progress)
        $shell.Dispose()
        $total = $progress | Where-Object ActivityId -eq 0
        $total[-1].RecordType | Should -Be 'Completed'
        $total[-2].StatusDescription | Should -Be '3 of 3 database(s) done'
        $bars = $progress | Where-Object ActivityId -ne 0
        ($bars | Group-Object ActivityId).Count | Should -Be 3
        $bars | ForEach-Object { $_.ParentActivityId | Should -Be 0 }
        ($bars.StatusDescription | Where-Object { $_ -match '^upgrade 8d24be7741c2: create posts \(step 2 of 4\)$' }).Count | Should -Be 3
        ($bars | Where-Object RecordType -eq Completed).Activity | Sort-Object | Should -Be (@($good[0], $good[1], $good[2]) | ForEach-Object { "sqlite:$_" } | Sort-Object)
    }

    It '-Sql -Dialect writes a script when the address is an unset variable' {
        Set-Content (Join-Path $blog 'psmigrate.json') '{ "database": "env:PSMIGRATE_TEST_UNSET" }'
        Invoke-MigrationUpgrade -Path $blog -Sql -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].Exception.Message | Should -Match '-Sql -Dialect'
        Invoke-MigrationUpgrade -Path $blog -Sql -Dialect postgresql | Should -Match '-- PSMigrate upgrade base -> e5b8d0c2a944 \(postgresql\)'
    }
}

Describe 'Schemas: autogenerate, compare, drift, export' {
    BeforeEach {
        $blog = New-BlogCopy
        Set-Content (Join-Path $blog 'schema.sql') @'
CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL UNIQUE, bio TEXT);
CREATE TABLE posts (
    id INTEGER PRIMARY KEY,
    author_id INTEGER NOT NULL REFERENCES authors (id),
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    published_at TEXT,
    comment_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX posts_author ON posts (author_id);
CREATE TABLE comments (id INTEGER PRIMARY KEY, post_id INTEGER NOT NULL REFERENCES posts (id), body TEXT NOT NULL);
-- +statement-begin
CREATE TRIGGER comments_count AFTER INSERT ON comments
BEGIN
    UPDATE posts SET comment_count = comment_count + 1 WHERE id = NEW.post_id;
END;
-- +statement-end
'@
    }

    It 'Compare-MigrationSchema lists what schema.sql adds, and -Sql writes it' {
        $differences = Compare-MigrationSchema -Path $blog
        $differences.Change | Should -Be 'AlterTable'
        $differences.Description | Should -Be 'alter table authors: add column bio TEXT'
        $differences[0].PSObject.TypeNames[0] | Should -Be 'PSMigrate.SchemaDifference'
        Compare-MigrationSchema -Path $blog -Sql | Should -Match 'ALTER TABLE "authors" ADD COLUMN "bio" TEXT;'
    }

    It 'New-MigrationRevision -Autogenerate writes the revision, and a second run finds nothing to write' {
        $revision = New-MigrationRevision -Path $blog -Message 'author bio' -Autogenerate
        Get-Content $revision.FilePath -Raw | Should -Match '(?s)-- \+upgrade\nALTER TABLE "authors" ADD COLUMN "bio" TEXT;.*-- \+downgrade'
        (Invoke-MigrationUpgrade -Path $blog).Status | Should -Be 'Succeeded'
        $again = New-MigrationRevision -Path $blog -Message 'again' -Autogenerate -WarningVariable warned 3>$null
        $again | Should -BeNullOrEmpty
        "$warned" | Should -Match 'no difference'
        (Get-ChildItem (Join-Path $blog 'versions')).Count | Should -Be 5
    }

    It 'Test-MigrationDrift is true until the database is changed by hand' {
        Invoke-MigrationUpgrade -Path $blog | Out-Null
        Test-MigrationDrift -Path $blog | Should -BeTrue
        sqlite3 (Join-Path $blog 'blog.db') 'CREATE TABLE hand_made (x INTEGER)'
        Test-MigrationDrift -Path $blog | Should -BeFalse
        (Test-MigrationDrift -Path $blog -Detailed).Description | Should -Be 'create table hand_made'
    }

    It 'Export-MigrationSchema writes the same JSON for the same schema' {
        $first = Export-MigrationSchema -Path $blog
        ($first | ConvertFrom-Json).schema.tables.name | Should -Be @('authors', 'comments', 'posts')
        Export-MigrationSchema -Path $blog -Source migrations@heads | Should -Be $first
        (Export-MigrationSchema -Path $blog -Source (Join-Path $blog 'schema.sql') | ConvertFrom-Json).schema.tables[0].columns.name | Should -Contain 'bio'
    }
}

Describe 'Test-Migration' {
    It 'emits a result per check, a non-terminating error per failed one, and JUnit' {
        $blog = New-BlogCopy
        Set-Content (Join-Path $blog 'versions/ff_drop.sql') "-- Revision: ff`n-- Revises: e5b8d0c2a944`n`n-- +upgrade`nDROP TABLE comments;`n"
        $junit = Join-Path $TestDrive 'tests.xml'
        $results = Test-Migration -Path $blog -JUnit $junit -ErrorVariable failures -ErrorAction SilentlyContinue
        ($results | Where-Object Check -eq 'upgrade').Count | Should -Be 5
        $lint = $results | Where-Object Check -eq 'lint:PSM001'
        $lint.Status | Should -Be 'Failed'
        $lint.Revision | Should -Be 'ff'
        ($results | Where-Object Check -eq 'lint:PSM009').Status | Should -Be 'Warning'
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'PSMigrate.CheckFailed,*'
        ([xml] (Get-Content $junit -Raw)).testsuites.failures | Should -Be '1'
    }
}

Describe 'Pipeline binding' {
    It 'upgrades several databases given as an array, and takes a bare path or a FileInfo as SQLite' {
        $blog = New-BlogCopy
        $results = Invoke-MigrationUpgrade -Path $blog -Database "sqlite:$blog/a.db", "$blog/b.db", "$blog/b.db"
        ($results | Group-Object Database).Count | Should -Be 2
        $results.Steps.Count | Should -Be 8
        (Get-MigrationStatus -Path $blog -Database (Get-Item "$blog/b.db")).IsUpToDate | Should -BeTrue
    }

    It 'a folder from Get-Item binds to -Path, and -LiteralPath is accepted' {
        $blog = New-BlogCopy
        (Get-Item $blog | Get-MigrationHead).Revision | Should -Be 'e5b8d0c2a944'
        (Get-MigrationHead -LiteralPath $blog).Revision | Should -Be 'e5b8d0c2a944'
    }

    It 'a status piped on finds its own folder and database' {
        $blog = New-BlogCopy
        $result = Get-MigrationStatus -Path $blog | Invoke-MigrationUpgrade
        $result.Steps.Count | Should -Be 4
        (Get-MigrationStatus -Path $blog).IsUpToDate | Should -BeTrue
    }

    It 'heads piped on do not bind their revision file as the folder' {
        $blog = New-BlogCopy
        # The head brings its folder (FolderPath); its file is not taken for the folder, nor the record for a database.
        $status = Get-MigrationHead -Path $blog | Get-MigrationStatus
        $status.FolderPath | Should -Be (Resolve-Path $blog).ProviderPath
        $status.Pending.Count | Should -Be 4
        (Get-MigrationHead -Path $blog).FilePath | Should -BeLike '*e5b8d0c2a944_seed_welcome_post.sql'
    }
}

Describe 'Common parameters' {
    It '-Verbose follows the deploy and the debug stream shows each statement' {
        $blog = New-BlogCopy
        $verbose = Invoke-MigrationUpgrade -Path $blog -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        # Each line names its database: several may run at once.
        $verbose -match '^sqlite:.*blog\.db: took the migration lock$' | Should -Not -BeNullOrEmpty
        $verbose -match '^sqlite:.*: connected to sqlite:' | Should -Not -BeNullOrEmpty
        $verbose -match ': upgrade of 3f1c2a9e0b01: applied in \d+ ms$' | Should -Not -BeNullOrEmpty
        $verbose -match ': committed$' | Should -Not -BeNullOrEmpty
        # -Debug on a compiled cmdlet asks before each line (PowerShell's rule); a log without questions sets the preference.
        $DebugPreference = 'Continue'
        try { $debug = Invoke-MigrationUpgrade -Path (New-BlogCopy) 5>&1 | Where-Object { $_ -is [System.Management.Automation.DebugRecord] } | ForEach-Object Message }
        finally { $DebugPreference = 'SilentlyContinue' }
        $debug -match '3f1c2a9e0b01_create_authors.sql:\d+: CREATE TABLE authors' | Should -Not -BeNullOrEmpty
    }

    It 'an error without a file targets what it is about' {
        $blog = New-BlogCopy
        Invoke-MigrationUpgrade -Path $blog -Target nosuchrevision -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].TargetObject | Should -Be 'nosuchrevision'
        $failures[0].CategoryInfo.TargetName | Should -Be 'nosuchrevision'
        Set-Content (Join-Path $blog 'versions/ff_broken.sql') "-- Revision: ff`n-- Revises: e5b8d0c2a944`n-- +upgrade`nSELECT * FROM missing;`n"
        Invoke-MigrationUpgrade -Path $blog -ErrorVariable failures -ErrorAction SilentlyContinue | Out-Null
        $failures[0].CategoryInfo.TargetName | Should -BeLike '*ff_broken.sql:4'
    }

    It 'downgrade asks first (ConfirmImpact High); upgrade does not' {
        $impact = { param($name) (Get-Command $name).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact }
        & $impact Invoke-MigrationDowngrade | Should -Be 'High'
        & $impact Invoke-MigrationUpgrade | Should -Be 'Medium'
    }
}

Describe 'Examples' {
    It 'Update-Database.ps1 runs unattended with -Force' {
        $blog = New-BlogCopy
        $output = & (Join-Path $root 'examples/Update-Database.ps1') -Path $blog -Force 6>&1 | Out-String
        $output | Should -Match 'Pending: 3f1c2a9e0b01'
        (Get-MigrationStatus -Path $blog).IsUpToDate | Should -BeTrue
    }
}

Describe 'Cancellation' {
    It 'Stop() on the runspace stops the running statement and applies nothing of its revision' {
        $blog = New-BlogCopy
        Set-Content (Join-Path $blog 'versions/ff_slow.sql') ("-- Revision: ff`n-- Revises: e5b8d0c2a944`n-- +upgrade`nCREATE TABLE slow_marker (id INT);`n" +
            "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 2000000000) SELECT COUNT(*) FROM n;`n-- +downgrade`n")
        $shell = [powershell]::Create()
        $null = $shell.AddScript("Import-Module '$root/out/PSMigrate/PSMigrate.psd1'; Invoke-MigrationUpgrade -Path '$blog'")
        $running = $shell.BeginInvoke()
        $deadline = (Get-Date).AddSeconds(60)
        while ((Get-Date) -lt $deadline -and (Get-MigrationStatus -Path $blog).Current -ne 'e5b8d0c2a944') { Start-Sleep -Milliseconds 100 }
        Start-Sleep -Milliseconds 500
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $shell.Stop()
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 10
        $running.IsCompleted | Should -BeTrue
        $shell.Dispose()
        (Get-MigrationStatus -Path $blog).Current | Should -Be 'e5b8d0c2a944'
        (Get-MigrationStatus -Path $blog).IsDirty | Should -BeFalse
        sqlite3 (Join-Path $blog 'blog.db') "SELECT COUNT(*) FROM sqlite_master WHERE name = 'slow_marker'" | Should -Be '0'
    }
}

Describe 'Output for scripts' {
    BeforeAll {
        $blog = New-BlogCopy
        $result = Invoke-MigrationUpgrade -Path $blog -Target 8d24
        $steps = $result.Steps
        New-MigrationRevision -Path $blog -Message side -Revises 3f1c2a9e0b01 -BranchLabel side | Out-Null
        $objects = @{
            'PSMigrate.DatabaseResult'        = $result
            'PSMigrate.MigrationStepResult'   = $steps[0]
            'PSMigrate.MigrationStatus'       = Get-MigrationStatus -Path $blog
            'PSMigrate.MigrationRevision'     = (Get-MigrationHead -Path $blog)[0]
            'PSMigrate.MigrationHistoryEntry' = (Get-MigrationHistory -Path $blog)[0]
            'PSMigrate.GraphProblem'          = (Test-MigrationGraph -Path $blog -Detailed)[0]
            'PSMigrate.SchemaDifference'      = (Compare-MigrationSchema -Path $blog -To migrations@base)[0]
            'PSMigrate.CheckResult'           = (Test-Migration -Path $blog -ErrorAction SilentlyContinue)[0]
            'PSMigrate.MigrationLogEntry'     = (Get-MigrationLog -Path $blog)[0]
        }
        [xml] $format = Get-Content (Join-Path $root 'module/PSMigrate.format.ps1xml') -Raw
    }

    It 'every view names properties the objects have' {
        foreach ($view in $format.Configuration.ViewDefinitions.View) {
            $object = $objects[$view.ViewSelectedBy.TypeName]
            $object | Should -Not -BeNullOrEmpty -Because $view.Name
            $object.PSObject.TypeNames[0] | Should -Be $view.ViewSelectedBy.TypeName
            foreach ($name in $view.SelectNodes('.//PropertyName').InnerText) { $object.PSObject.Properties[$name] | Should -Not -BeNullOrEmpty -Because "$($view.Name) shows $name" }
            foreach ($script in $view.SelectNodes('.//ScriptBlock').InnerText) {
                foreach ($m in [regex]::Matches($script, '\$_\.(\w+)')) { $object.PSObject.Properties[$m.Groups[1].Value] | Should -Not -BeNullOrEmpty -Because "$($view.Name) uses $($m.Value)" }
            }
        }
    }

    It 'writes enums as names and durations as milliseconds in JSON' {
        $json = $steps[0] | ConvertTo-Json | ConvertFrom-Json
        $json.Status | Should -Be 'Applied'
        $json.Direction | Should -Be 'Upgrade'
        $json.DurationMs | Should -BeOfType [long]
        $json.PSObject.Properties.Name | Should -Not -Contain 'Duration'
        ($objects['PSMigrate.GraphProblem'] | ConvertTo-Json | ConvertFrom-Json).Severity | Should -Be 'Warning'
        $result = $objects['PSMigrate.DatabaseResult'] | ConvertTo-Json -Depth 4 | ConvertFrom-Json
        $result.Status | Should -Be 'Succeeded'
        $result.To | Should -Be @('8d24be7741c2')
        $result.Steps[1].Status | Should -Be 'Applied'
    }

    It 'keeps lists as arrays in JSON and readable in CSV' {
        $status = $objects['PSMigrate.MigrationStatus']
        ($status | ConvertTo-Json | ConvertFrom-Json).Pending.Count | Should -Be 3   # two on the main line, one on the side branch
        $csv = $status | ConvertTo-Csv | ConvertFrom-Csv
        $csv.Pending | Should -Match '^c07e9a1f5d33, e5b8d0c2a944, \w+$'
    }

    It 'names its output types so functions can ask for them' {
        function Get-Revisions { param([Parameter(ValueFromPipeline)] [PSTypeName('PSMigrate.MigrationStepResult')] $Step) process { $Step.Revision } }
        $steps | Get-Revisions | Should -Be @('3f1c2a9e0b01', '8d24be7741c2')
        (Get-Command Invoke-MigrationUpgrade).OutputType.Name | Should -Contain 'PSMigrate.DatabaseResult'
    }
}

Describe 'Help' {
    BeforeDiscovery {
        $cmdlets = (Import-PowerShellDataFile "$PSScriptRoot/../../PSMigrate.psd1").CmdletsToExport | ForEach-Object { @{ Name = $_ } }
    }

    It 'is generated from the cmdlets, and the committed file is current' {
        $fresh = Join-Path $TestDrive 'help.xml'
        $freshMarkdown = Join-Path $TestDrive 'cmdlets.md'
        Invoke-Pwsh -NoProfile -File (Join-Path $root 'tools/New-ModuleHelp.ps1') -OutFile $fresh -MarkdownFile $freshMarkdown
        $LASTEXITCODE | Should -Be 0
        $because = 'run ./build.ps1 -Task Help after changing a cmdlet or docs/help'
        Get-Content $fresh -Raw | Should -BeExactly (Get-Content (Join-Path $root 'module/en-US/PSMigrate.dll-Help.xml') -Raw) -Because $because
        Get-Content $freshMarkdown -Raw | Should -BeExactly (Get-Content (Join-Path $root 'docs/cmdlets.md') -Raw) -Because $because
    }

    It '<Name> has a syntax line per parameter set, inputs, outputs and examples' -ForEach $cmdlets {
        $help = Get-Help $Name -Full
        $command = Get-Command $Name
        @($help.syntax.syntaxItem).Count | Should -Be $command.ParameterSets.Count
        $help.inputTypes.inputType | Should -Not -BeNullOrEmpty
        @($help.returnValues.returnValue.type.name) | Should -Be @($command.OutputType.Name)
        @($help.examples.example).Count | Should -BeGreaterThan 0
        (& $Name -? | Out-String) | Should -Match "SYNTAX\s+$Name"
    }

    It '<Name> help says what the metadata says for every parameter' -ForEach $cmdlets {
        $command = Get-Command $Name
        $help = Get-Help $Name -Full
        $common = [System.Management.Automation.Cmdlet]::CommonParameters
        foreach ($parameter in $command.Parameters.Values | Where-Object Name -notin $common) {
            $documented = $help.parameters.parameter | Where-Object name -eq $parameter.Name
            $documented | Should -Not -BeNullOrEmpty -Because "-$($parameter.Name)"
            $attributes = $parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] }
            $documented.required | Should -Be ("$(-not ($attributes | Where-Object { -not $_.Mandatory }))".ToLowerInvariant()) -Because "-$($parameter.Name) required"
            $position = $attributes | Where-Object Position -ge 0 | Select-Object -First 1
            $documented.position | Should -Be $(if ($position) { "$($position.Position)" } else { 'named' }) -Because "-$($parameter.Name) position"
            $documented.pipelineInput -like 'True*' | Should -Be ([bool]($attributes | Where-Object { $_.ValueFromPipeline -or $_.ValueFromPipelineByPropertyName })) -Because "-$($parameter.Name) pipeline input"
        }
    }

    It '<Name> points at no online page, since the project has no public home yet; docs/cmdlets.md has its section' -ForEach $cmdlets {
        (Get-Command $Name).HelpUri | Should -BeNullOrEmpty
        (Get-Content (Join-Path $root 'docs/cmdlets.md')) | Should -Contain "## $Name"
    }

    It 'shows the default target' {
        ((Get-Help Invoke-MigrationUpgrade -Parameter Target).defaultValue) | Should -Be 'heads'
    }
}

Describe 'Module manifest' {
    It 'imports by name from out/, which holds no second folder called PSMigrate' {
        $found = Invoke-Pwsh -NoProfile -Command "`$env:PSModulePath = '$root/out'; Import-Module PSMigrate -ErrorAction Stop; (Get-Module PSMigrate).Path; (Get-Command -Module PSMigrate).Count"
        $found[0] | Should -Be (Join-Path $root 'out/PSMigrate/PSMigrate.dll')
        $found[1] | Should -Be 13
        Get-ChildItem (Join-Path $root 'out') -Directory | Where-Object Name -ieq 'PSMigrate' | ForEach-Object Name | Should -BeExactly 'PSMigrate'
        Get-Content (Join-Path $root 'build.ps1') -Raw | Should -Match 'src/PSMigrate\.Cli .* -o out/psmigrate-cli'
    }

    It 'passes Test-ModuleManifest and matches the built assembly' {
        $manifest = Test-ModuleManifest (Join-Path $root 'out/PSMigrate/PSMigrate.psd1')
        $manifest.Version | Should -Be (Get-Module PSMigrate).Version
        $manifest.ExportedCmdlets.Keys | Sort-Object | Should -Be ((Get-Command -Module PSMigrate).Name | Sort-Object)
        $manifest.CompatiblePSEditions | Should -Be 'Core'
    }
}

Describe 'Errors and -ErrorAction' {
    It 'an error is non-terminating by default and sets $? to false' {
        $blog = New-BlogCopy
        Invoke-MigrationUpgrade -Path $blog -Target nosuch -ErrorAction SilentlyContinue
        $? | Should -BeFalse
        # The database's result says it failed too, and the script goes on.
        $result = Invoke-MigrationUpgrade -Path $blog -Target nosuch -ErrorAction SilentlyContinue; $after = 'after'
        $result.Status | Should -Be 'Failed'
        $result.ErrorId | Should -Be 'PSMigrate.UnknownRevision'
        $after | Should -Be 'after'
    }

    It '-ErrorAction Stop makes it terminating, with the engine error id' {
        { Get-MigrationHead -Path (Join-Path $TestDrive 'no-such-folder') -ErrorAction Stop } | Should -Throw -ErrorId 'PSMigrate.FolderNotFound,PSMigrate.Commands.GetMigrationHeadCommand'
    }

    It 'a bad database in a list does not stop the others' {
        $blog = New-BlogCopy
        $results = Invoke-MigrationUpgrade -Path $blog -Database 'postgresql://u@127.0.0.1:1/none', "sqlite:$blog/ok.db" -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'PSMigrate.ConnectionFailed,*'
        $failures[0].TargetObject | Should -Be 'postgresql://u@127.0.0.1:1/none'
        ($results | Where-Object Database -eq 'postgresql://u@127.0.0.1:1/none').Status | Should -Be 'Failed'
        ($results | Where-Object Database -eq "sqlite:$blog/ok.db").Steps.Count | Should -Be 4
    }
}

Describe '-WhatIf on every cmdlet that changes something' {
    BeforeEach {
        $blog = New-BlogCopy
        Invoke-MigrationUpgrade -Path $blog -Target 8d24 | Out-Null
        $before = Get-MigrationStatus -Path $blog
    }

    It 'Invoke-MigrationUpgrade' { Invoke-MigrationUpgrade -Path $blog -WhatIf; (Get-MigrationStatus -Path $blog).Current | Should -Be $before.Current }
    It 'Invoke-MigrationDowngrade' { Invoke-MigrationDowngrade -Path $blog -Target base -WhatIf; (Get-MigrationStatus -Path $blog).Current | Should -Be $before.Current }
    It 'Set-MigrationStamp' { Set-MigrationStamp -Path $blog -Target head -WhatIf; (Get-MigrationStatus -Path $blog).Current | Should -Be $before.Current }
    It 'New-MigrationRevision' { New-MigrationRevision -Path $blog -Message x -WhatIf; (Get-ChildItem "$blog/versions").Count | Should -Be 4 }
}

Describe 'Offline SQL and stamps' {
    It 'a downgrade script needs a range and renders one' {
        $blog = New-BlogCopy
        Invoke-MigrationDowngrade -Path $blog -Target base -Sql -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'PSMigrate.InvalidTarget,*'
        $sql = Invoke-MigrationDowngrade -Path $blog -Target head:base -Sql
        $sql | Should -Match 'DROP TABLE authors'
        Join-Path $blog 'blog.db' | Should -Not -Exist
    }

    It 'a stamp script replaces the version rows' {
        $sql = Set-MigrationStamp -Path (New-BlogCopy) -Target head -Sql
        $sql | Should -Match 'DELETE FROM "psmigrate_version";'
        $sql | Should -Match "INSERT INTO `"psmigrate_version`" \(version_num\) VALUES \('e5b8d0c2a944'\);"
    }

    It '-Purge -Force resets a version table that names an unknown revision' {
        $blog = New-BlogCopy
        Invoke-MigrationUpgrade -Path $blog | Out-Null
        sqlite3 (Join-Path $blog 'blog.db') "UPDATE psmigrate_version SET version_num = 'gone'"
        Get-MigrationStatus -Path $blog -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'PSMigrate.UnknownAppliedRevision,*'
        (Set-MigrationStamp -Path $blog -Target head -Purge -Force).To | Should -Be 'e5b8d0c2a944'
    }

    It 'history takes a range' {
        (Get-MigrationHistory -Path (New-BlogCopy) -Range 8d24:c07e).Revision | Should -Be @('c07e9a1f5d33', '8d24be7741c2')
    }
}

Describe 'The pipeline example' {
    It 'runs its upgrade step as written, against SQLite' {
        $yaml = Get-Content (Join-Path $root 'examples/azure-pipelines.yml') -Raw
        $step = [regex]::Match($yaml, '- pwsh: \|\n(?<body>(?: {6,}.*\n)+?)\s+displayName: Upgrade database').Groups['body'].Value
        $step | Should -Match 'Invoke-MigrationUpgrade'
        $blog = New-BlogCopy
        $env:MIGRATIONS = $blog
        $env:DATABASE_URL = "sqlite:$blog/deploy.db"
        Push-Location $root
        try { & ([scriptblock]::Create($step)) | Out-Null }
        finally { Pop-Location; Remove-Item env:MIGRATIONS, env:DATABASE_URL }
        (Get-MigrationStatus -Path $blog -Database "sqlite:$blog/deploy.db").IsUpToDate | Should -BeTrue
    }

    It 'runs its test step as written, and writes JUnit that names every check' {
        $yaml = Get-Content (Join-Path $root 'examples/azure-pipelines.yml') -Raw
        $step = [regex]::Match($yaml, '- pwsh: \|\n(?<body>(?: {6,}.*\n)+?)\s+displayName: Test migrations').Groups['body'].Value
        $step | Should -Match 'Test-Migration'
        $env:MIGRATIONS = New-BlogCopy
        $env:RESULTS = Join-Path $TestDrive 'migrations.xml'
        Push-Location $root
        try { & ([scriptblock]::Create($step)) | Out-Null }
        finally { Pop-Location; Remove-Item env:MIGRATIONS }
        [xml] $junit = Get-Content $env:RESULTS -Raw
        $junit.testsuites.failures | Should -Be '0'
        $junit.testsuites.testsuite.testcase.name | Should -Contain 'upgrade 3f1c2a9e0b01 [sqlite]'
        $junit.testsuites.testsuite.testcase.name | Should -Contain 'up-down e5b8d0c2a944 [sqlite]'
        Remove-Item env:RESULTS
    }
}

Describe 'Blank databases' {
    It 'refuses an empty or blank -Database as it binds, and creates no file' {
        $blog = New-BlogCopy
        Push-Location $blog
        try {
            { Invoke-MigrationUpgrade -Path $blog -Database ' ' -ErrorAction Stop } | Should -Throw '*cannot be empty or blank*'
            { Get-MigrationStatus -Path $blog -Database '' -ErrorAction Stop } | Should -Throw
            Join-Path $blog ' ' | Should -Not -Exist
        }
        finally { Pop-Location }
    }
}

Describe 'Shards' {
    It '-Shard K/N takes every N-th database from the K-th, so three jobs run each database once' {
        $blog = New-BlogCopy
        $databases = 1..5 | ForEach-Object { Join-Path $blog "t$_.db" }
        $shares = '1/3', '2/3', '3/3' | ForEach-Object { , @(Invoke-MigrationUpgrade -Path $blog -Database $databases -Shard $_) }
        # Results come as each database finishes, in any order.
        ($shares[0].Database | Sort-Object) | Should -Be @("sqlite:$($databases[0])", "sqlite:$($databases[3])")
        ($shares | ForEach-Object { $_ } | ForEach-Object Database | Sort-Object) | Should -Be ($databases | ForEach-Object { "sqlite:$_" } | Sort-Object)
        ($shares | ForEach-Object { $_ } | Where-Object Status -ne Succeeded) | Should -BeNullOrEmpty
        { Invoke-MigrationUpgrade -Path $blog -Database $databases -Shard 4/3 -ErrorAction Stop } | Should -Throw -ErrorId 'PSMigrate.InvalidCommandLine*'
    }
}

Describe 'Set-MigrationStamp -From' {
    It 'takes a database over from the history table Flyway left, and leaves that table alone' {
        $folder = Join-Path $TestDrive 'flyway'
        New-Item -ItemType Directory $folder | Out-Null
        Set-Content (Join-Path $folder 'V1__first.sql') 'CREATE TABLE first (id INTEGER);'
        Set-Content (Join-Path $folder 'V2__second.sql') 'CREATE TABLE second (id INTEGER);'
        $db = Join-Path $TestDrive 'flyway.db'
        sqlite3 $db "CREATE TABLE flyway_schema_history (installed_rank INT PRIMARY KEY, version VARCHAR(50), type VARCHAR(20), success BOOLEAN); INSERT INTO flyway_schema_history VALUES (1, '1', 'SQL', 1);"
        $result = Set-MigrationStamp -Path $folder -Database $db -From flyway -Confirm:$false
        $result.Status | Should -Be 'Succeeded'
        (Get-MigrationStatus -Path $folder -Database $db).Current | Should -Be '1'
        sqlite3 $db 'SELECT COUNT(*) FROM flyway_schema_history' | Should -Be '1'
    }
}

Describe 'Packages' {
    BeforeAll {
        # A version of its own: NuGet's cache would otherwise serve a .NET tool packed by an earlier run.
        $version = "0.1.0-t$([DateTime]::UtcNow.ToString('yyyyMMddHHmmssfff'))"
        $packages = Join-Path $root 'out/packages'
        Invoke-Pwsh -NoProfile -File (Join-Path $root 'build.ps1') -Task Package -Version $version | Out-Null
        $LASTEXITCODE | Should -Be 0
    }

    AfterAll {
        Remove-Item (Join-Path $packages "*.$version.nupkg")
        $cache = (dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', ''
        Remove-Item -Recurse -Force (Join-Path $cache "psmigrate.cli/$version") -ErrorAction SilentlyContinue
    }

    It 'build.ps1 -Task Package writes the module, the .NET tool and the engine to out/packages, the module under 30 MB' {
        foreach ($name in 'PSMigrate', 'PSMigrate.Cli', 'PSMigrate.Core') {
            Join-Path $packages "$name.$version.nupkg" | Should -Exist
        }
        (Get-Item (Join-Path $packages "PSMigrate.$version.nupkg")).Length | Should -BeLessThan 30MB
        $published = Get-ChildItem (Join-Path $root 'out/module-package/PSMigrate') -Recurse -File | Measure-Object Length -Sum
        $published.Sum | Should -BeLessThan 30MB
    }

    It 'installs the module with Install-PSResource from a repository on that folder, and it migrates' {
        $userHome = Join-Path $TestDrive 'home'
        New-Item -ItemType Directory $userHome | Out-Null
        $blog = New-BlogCopy
        # A fresh process with a home of its own, so the repository and the installed module go nowhere else.
        $script = @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name psmigrate-local -Uri '$packages' -Trusted
Install-PSResource -Name PSMigrate -Repository psmigrate-local -Version '$version' -Prerelease -Scope CurrentUser -Quiet
Import-Module PSMigrate
(Get-Module PSMigrate).ModuleBase
(Invoke-MigrationUpgrade -Path '$blog').Status
"@
        $saved = $env:HOME
        try {
            $env:HOME = $userHome
            $output = Invoke-Pwsh -NoProfile -Command $script
        }
        finally { $env:HOME = $saved }
        $LASTEXITCODE | Should -Be 0
        $output[0] | Should -BeLike "$userHome*"
        $output[-1] | Should -Be 'Succeeded'
    }

    It 'installs psmigrate as a .NET tool from that folder, and it migrates' {
        $tools = Join-Path $TestDrive 'tools'
        dotnet tool install PSMigrate.Cli --version $version --add-source $packages --tool-path $tools | Out-Null
        $LASTEXITCODE | Should -Be 0
        $blog = New-BlogCopy
        & (Join-Path $tools 'psmigrate') upgrade --path $blog | Out-Null
        $LASTEXITCODE | Should -Be 0
        (& (Join-Path $tools 'psmigrate') current --path $blog --check --json | ConvertFrom-Json).Current | Should -Be 'e5b8d0c2a944'
        $LASTEXITCODE | Should -Be 0
    }
}
