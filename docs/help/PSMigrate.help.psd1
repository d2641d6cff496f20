# The prose of the cmdlets' help. tools/New-ModuleHelp.ps1 joins it with what the cmdlets declare
# (parameter sets, positions, pipeline input, types, defaults, outputs) into module/en-US/PSMigrate.dll-Help.xml.
@{
    # Parameters every cmdlet that has them shares; a cmdlet's own entry wins.
    Shared = @{
        Parameters = @{
            WhatIf = 'Shows what would change, having only read the database (or the folder), and changes nothing.'
            Confirm = 'Asks before changing anything. Invoke-MigrationDowngrade asks by default; -Confirm:$false does not.'
            Path = 'The migration folder: the folder that holds psmigrate.json and versions/. Relative paths are resolved against PowerShell''s current location. Default: the current location.'
            Database = 'One or more databases: addresses (sqlite:PATH, postgresql://user[:password]@host[:port]/db, mysql://user[:password]@host[:port]/db), env:NAME, or names from the folder''s psmigrate.json "databases"; any other path without a scheme (app.db, or a file from Get-Item) is a SQLite file. Upgrade, downgrade, stamp and status run several together (-ThrottleLimit at a time); a failure on one is its own error and the others go on. The same database given twice runs once. Default: the folder''s psmigrate.json "database", then $env:PSMIGRATE_DATABASE. Passwords are always shown as ***.'
            ThrottleLimit = 'How many databases to work on at once. Default: 4. Each has its own connection and migration lock.'
            Shard = 'K/N: this job''s share of the databases, every N-th database from the K-th after duplicates are dropped, so N pipeline jobs (an Azure DevOps matrix) given the same list run each database exactly once.'
            FailFast = 'After a database fails, start no other; those already running finish, and the rest are reported as Skipped.'
            Dialect = 'With -Sql and no database: the dialect of the script (sqlite, postgresql, mysql), for an address that is not known here or not set (an env:NAME that is empty).'
            Credential = 'User and password for the database. The password is passed to the driver and appears nowhere else.'
            LockTimeout = 'Seconds to wait for another run''s migration lock before failing with PSMigrate.LockTimeout. Default: 300.'
            TableLockTimeout = 'Seconds a revision''s statement waits for a table lock another transaction holds (PostgreSQL lock_timeout, MySQL lock_wait_timeout) before the revision is rolled back and tried again. 0 waits as the server does. Default: tableLockTimeout in psmigrate.json, else 1.'
            TableLockTries = 'How often a revision whose table-lock wait ran out is tried in all, after pauses of half a second doubling up to ten; then it fails with PSMigrate.TableLockTimeout. Default: tableLockTries in psmigrate.json, else 10.'
            CommandTimeout = 'Seconds one statement of a revision may run on PostgreSQL or MySQL before it is stopped (PSMigrate.CommandTimeout). 0: no limit. Default: commandTimeout in psmigrate.json, else no limit.'
        }
    }
    'New-MigrationRevision' = @{
        Synopsis    = 'Writes a new revision file.'
        Description = 'Creates versions/<id>_<slug>.sql with the header filled in. The id follows the folder''s revisionIds scheme (hex, sequence:N or timestamp) unless -RevisionId is given. The parents are the folder''s single head unless -Revises names them or -Merge merges every head. The new file is checked against the whole graph before it is written.'
        Parameters  = @{
            Message = 'One-line description of the revision.'
            RevisionId = 'The id to use instead of the folder''s scheme.'
            Revises = 'Parent revision(s) or branch labels. ''base'' starts a new base.'
            BranchLabel = 'Labels for the branch that starts at this revision.'
            DependsOn = 'Revisions or labels that must be applied first, without being parents.'
            Merge = 'Make a merge revision whose parents are all the current heads.'
            Autogenerate = 'Generate the revision from schemas: its upgrade turns the folder''s heads into the desired schema (-Schema, default schema.sql in the folder, or -FromDatabase) and its downgrade turns it back. A folder that declares "dialects" in psmigrate.json gets a pair of sections per dialect. No difference: a warning and no file.'
            Schema = 'With -Autogenerate: the desired schema as a .sql file. Default: schema.sql in the folder.'
            FromDatabase = 'With -Autogenerate: take the desired schema from this database (an address or a name from psmigrate.json).'
            DevDatabase = 'PostgreSQL or MySQL databases whose users may create databases, at most one per dialect (-DevDatabase postgresql://dev@localhost/postgres, mysql://dev@localhost/mysql): schemas are built in temporary databases created there and dropped afterwards. Default: devDatabases, then devDatabase, in psmigrate.json. SQLite needs none.'
            Dialect = 'With -Autogenerate, for a folder that declares no dialects: the dialect to generate in (sqlite, postgresql, mysql). Default: the dev database''s, then sqlite.'
        }
        Examples    = @(
            @{ Code = 'New-MigrationRevision -Path ./migrations -Message ''add users table'''; Remarks = 'Writes the next revision on top of the single head.' }
            @{ Code = 'New-MigrationRevision -Path ./migrations -Message ''merge heads'' -Merge'; Remarks = 'Merges two branches into one head.' }
            @{ Code = 'New-MigrationRevision -Message ''start billing'' -Revises base -BranchLabel billing -WhatIf'; Remarks = 'Shows the file that would be written for a new labelled base, without writing it.' }
            @{ Code = 'New-MigrationRevision -Path ./migrations -Message ''add tags'' -Autogenerate -Verbose'; Remarks = 'Writes the revision that takes the folder to its schema.sql, listing each difference.' }
        )
    }
    'Invoke-MigrationUpgrade' = @{
        Synopsis    = 'Upgrades a database to a target revision, or renders the SQL.'
        Description = 'Takes the migration lock, reads the version table, and runs every revision the target needs, parents and dependencies first. Each revision, its version-table change and its journal row commit together where the database allows. Emits one DatabaseResult per database as it finishes: Status (Succeeded, Failed, Skipped), From and To revisions, the Steps (one MigrationStepResult per revision), ErrorId and ErrorMessage, IsDirty and DurationMs; a failed database is also one non-terminating error. Progress shows a bar per running database under one for the total; -Verbose follows each database''s run, and the summary goes to the information stream. -WhatIf shows each database''s plan without writing. -Sql writes the SQL script instead, without connecting. Databases can be given together or piped in; they run at the end of the pipeline input, -ThrottleLimit at a time.'
        Parameters  = @{
            Target = 'The target: heads (default), head, a revision id or prefix, a branch label, label@head, +N, or with -Sql a range from:to.'
            Delta = 'Upgrade this many revisions from the current one.'
            Sql = 'Write the SQL script instead of running it.'
        }
        Examples    = @(
            @{ Code = 'Invoke-MigrationUpgrade -Path ./migrations -Database sqlite:app.db'; Remarks = 'Upgrades app.db to every head of the folder.' }
            @{ Code = 'Invoke-MigrationUpgrade -Path ./migrations -Database postgresql://deploy@db01/app -Credential $cred -WhatIf'; Remarks = 'Lists the revisions an upgrade would run, without running them.' }
            @{ Code = 'Get-Content tenants.txt | Invoke-MigrationUpgrade -Path ./migrations -ThrottleLimit 8 | Where-Object Status -ne Succeeded'; Remarks = 'Upgrades every tenant database, eight at a time, and lists those that did not make it.' }
            @{ Code = 'Get-Item ./catalog, ./monitoring | Invoke-MigrationUpgrade'; Remarks = 'Two folders in one call, each upgrading the database its psmigrate.json names.' }
            @{ Code = 'Invoke-MigrationUpgrade -Path ./migrations -Database postgresql://x/app -Target 3f1c:head -Sql > upgrade.sql'; Remarks = 'Writes the SQL from revision 3f1c to head for a DBA to run.' }
        )
    }
    'Invoke-MigrationDowngrade' = @{
        Synopsis    = 'Undoes revisions down to a target, or renders the SQL.'
        Description = 'Undoes every applied revision that descends from the target, children first. A revision without a -- +downgrade section is irreversible: the downgrade fails before anything runs. -Target base undoes everything; -Delta 1 (or -Target -1) undoes the current revision, a merge included. With -Sql the target must be a range from:to. Emits one DatabaseResult per database, like Invoke-MigrationUpgrade.'
        Parameters  = @{
            Target = 'The target: base, a revision id, label@base, -N, or with -Sql a range from:to.'
            Delta = 'Undo this many revisions from the current one.'
            Sql = 'Write the SQL script instead of running it.'
        }
        Examples    = @(
            @{ Code = 'Invoke-MigrationDowngrade -Path ./migrations -Database sqlite:app.db -Delta 1'; Remarks = 'Undoes the current revision. A downgrade asks first (ConfirmImpact High); scripts add -Confirm:$false.' }
            @{ Code = 'Invoke-MigrationDowngrade -Path ./migrations -Database sqlite:app.db -Target billing@base'; Remarks = 'Removes the whole billing branch.' }
            @{ Code = 'Invoke-MigrationDowngrade -Path ./migrations -Database mysql://x/app -Target head:base -Sql'; Remarks = 'Writes the SQL that would undo everything.' }
        )
    }
    'Get-MigrationHistory' = @{
        Synopsis    = 'Lists revisions, newest first.'
        Description = 'Emits one MigrationHistoryEntry per revision, newest first, with its place in the graph (head, base, branch point, merge point). With a database, each entry also says whether it is applied and which revisions are current, and a revision that is not applied but whose last upgrade failed carries that failure''s error text in LastError (the table shows it as Applied: failed). Reading never writes: a database without a version table is at base.'
        Parameters  = @{
            Range = 'A range from:to; either side may be empty.'
        }
        Examples    = @(
            @{ Code = 'Get-MigrationHistory -Path ./migrations -Database sqlite:app.db | Format-Table'; Remarks = 'The history as a table, with applied state.' }
            @{ Code = 'Get-MigrationHistory -Path ./migrations -Range ''billing@base:'' | Where-Object IsMergePoint'; Remarks = 'Merge points on the billing branch and after it.' }
        )
    }
    'Get-MigrationLog' = @{
        Synopsis    = 'Shows the database''s journal, newest first.'
        Description = 'Emits one MigrationLogEntry per journal row, newest first: the revision, the operation (upgrade, downgrade, stamp), the status (running, applied, failed), when it started (UTC), how long it took, who ran it from which host with which PSMigrate, whether a failed step was rolled back, and a failed step''s error text. Reading never writes: a database without a journal has an empty log.'
        Parameters  = @{
            Last = 'Only the newest N rows.'
        }
        Examples    = @(
            @{ Code = 'Get-MigrationLog -Path ./migrations -Database sqlite:app.db -Last 10'; Remarks = 'The last ten steps run on app.db.' }
            @{ Code = 'Get-MigrationLog -Path ./migrations -Database prod | Where-Object Status -eq failed | Select-Object -First 1 -ExpandProperty Error'; Remarks = 'Why the last failed step failed.' }
        )
    }
    'Set-MigrationStamp' = @{
        Synopsis    = 'Sets the version table without running migrations.'
        Description = 'Replaces the version table with the given revisions (one or several) and records a stamp row in the journal. This is how an admin marks a database as being at a revision, and how a dirty database (a step that failed after committing part of its work) is resolved after checking the schema. -Purge empties the version table first even when it names revisions the folder lacks. Emits one DatabaseResult per database: From is the version table before, To after.'
        Parameters  = @{
            Target = 'The revision(s) to record: ids, labels, heads, head or base.'
            From = 'Take the database over from another tool instead of naming revisions: flyway, golang-migrate, goose, dbmate, alembic, or a table whose first column holds versions. The revisions its history table says are applied are stamped; that table is only read. A failed or dirty history, or a version the folder lacks, is refused before anything is written.'
            Purge = 'Empty the version table first, even when it names unknown revisions. Asks first unless -Force.'
            Sql = 'Write the SQL script instead of running it.'
            Force = 'With -Purge, purge without asking (for scripts). -Purge otherwise asks first, because it drops rows the folder cannot explain.'
        }
        Examples    = @(
            @{ Code = 'Set-MigrationStamp -Path ./migrations -Database sqlite:app.db -Target head'; Remarks = 'Records that app.db is at head.' }
            @{ Code = 'Set-MigrationStamp -Path ./migrations -Database mysql://x/app -Target 7e90 -Confirm'; Remarks = 'Resolves a dirty MySQL database after finishing revision 7e90 by hand.' }
            @{ Code = 'Set-MigrationStamp -Path ./db/migration -Database postgresql://deploy@db/app -From flyway'; Remarks = 'Takes over a database Flyway migrated: stamps what flyway_schema_history says is applied, and leaves that table alone.' }
        )
    }
    'Get-MigrationStatus' = @{
        Synopsis    = 'Shows a database''s current revisions against the folder''s heads.'
        Description = 'Emits a MigrationStatus per database: the current revisions, the folder''s heads, the pending revisions, whether the database is dirty and why, which applied revisions were edited since (their checksum differs from the journal''s), and in Failures, for each pending revision whose last upgrade failed, that journal row with its error text. Several databases are read together, -ThrottleLimit at a time; one that cannot be read is a non-terminating error.'
        Parameters  = @{
        }
        Examples    = @(
            @{ Code = 'Get-MigrationStatus -Path ./migrations -Database sqlite:app.db'; Remarks = 'Where app.db stands.' }
            @{ Code = 'Get-MigrationStatus -Path ./migrations -Database catalog, monitoring | Where-Object { -not $_.IsUpToDate }'; Remarks = 'Databases named in psmigrate.json that are behind.' }
            @{ Code = 'if (-not (Get-MigrationStatus -Path ./migrations).IsUpToDate) { throw ''database is behind'' }'; Remarks = 'Fails a deployment check when revisions are pending.' }
        )
    }
    'Compare-MigrationSchema' = @{
        Synopsis    = 'Compares two schemas, or writes the SQL from one to the other.'
        Description = 'Each side is migrations (the folder at its heads), migrations@TARGET, a .sql file, or a database address; by default the folder''s heads against its schema.sql. Schemas from the folder or a file are built in a scratch database (a temporary SQLite file, or a temporary database in -DevDatabase) and inspected; the comparison is within one dialect, and its differences come in the order a migration would make them. Objects the model does not cover (functions, procedures) are listed with -Verbose and never dropped.'
        Parameters  = @{
            From = 'migrations, migrations@TARGET, a .sql file or a database address. Default: migrations.'
            To = 'As -From. Default: schema.sql in the folder.'
            Sql = 'Write the SQL that turns -From into -To instead of the differences.'
            DevDatabase = 'PostgreSQL or MySQL databases whose users may create databases, at most one per dialect (-DevDatabase postgresql://dev@localhost/postgres, mysql://dev@localhost/mysql): schemas are built in temporary databases created there and dropped afterwards. Default: devDatabases, then devDatabase, in psmigrate.json. SQLite needs none.'
            Dialect = 'The dialect to compare in when no database fixes one: sqlite, postgresql or mysql. Default: the dev database''s, then the folder''s first declared dialect, then sqlite.'
        }
        Examples    = @(
            @{ Code = 'Compare-MigrationSchema -Path ./migrations'; Remarks = 'What the folder''s heads lack of schema.sql.' }
            @{ Code = 'Compare-MigrationSchema -Path ./migrations -From migrations@3f1c -To postgresql://app@db/app -DevDatabase postgresql://dev@localhost/postgres -Sql'; Remarks = 'The SQL that takes revision 3f1c''s schema to what the live database has.' }
        )
    }
    'Export-MigrationSchema' = @{
        Synopsis    = 'Writes a schema as stable, sorted JSON.'
        Description = 'The schema model of a source (default: the folder at its heads) as JSON whose text only changes when the schema does: for snapshots in source control and for reviews.'
        Parameters  = @{
            Source = 'migrations (default), migrations@TARGET, a .sql file or a database address.'
            DevDatabase = 'PostgreSQL or MySQL databases whose users may create databases, at most one per dialect (-DevDatabase postgresql://dev@localhost/postgres, mysql://dev@localhost/mysql): schemas are built in temporary databases created there and dropped afterwards. Default: devDatabases, then devDatabase, in psmigrate.json. SQLite needs none.'
            Dialect = 'The dialect to build in when no database fixes one.'
        }
        Examples    = @(
            @{ Code = 'Export-MigrationSchema -Path ./migrations | Set-Content schema.snapshot.json'; Remarks = 'Keeps a snapshot of the schema the folder builds.' }
        )
    }
    'Test-MigrationDrift' = @{
        Synopsis    = 'Checks that a database matches the schema its applied revisions produce.'
        Description = 'Builds the schema of the database''s applied revisions in a scratch database, inspects the live database, and compares them. Returns $true when they match; with -Detailed, emits each difference (what the database has that its migrations do not make, or lacks).'
        Parameters  = @{
            DevDatabase = 'PostgreSQL or MySQL databases whose users may create databases, at most one per dialect (-DevDatabase postgresql://dev@localhost/postgres, mysql://dev@localhost/mysql): schemas are built in temporary databases created there and dropped afterwards. Default: devDatabases, then devDatabase, in psmigrate.json. SQLite needs none.'
            Detailed = 'Emit the differences instead of a single boolean.'
        }
        Examples    = @(
            @{ Code = 'if (-not (Test-MigrationDrift -Path ./migrations -Database sqlite:app.db)) { throw ''schema drift'' }'; Remarks = 'Fails a deployment check when someone changed the schema by hand.' }
            @{ Code = 'Test-MigrationDrift -Path ./migrations -Database postgresql://app@db/app -DevDatabase postgresql://dev@localhost/postgres -Detailed'; Remarks = 'Lists the drift.' }
        )
    }
    'Test-Migration' = @{
        Synopsis    = 'Runs the folder''s built-in tests on scratch databases.'
        Description = 'One result per check, for each dialect the folder declares (or SQLite): graph (a single head, or only the labelled branches the folder declares); upgrade (each revision alone, base to heads; the failing revision and statement are named); up-down (each reversible revision upgraded, downgraded and upgraded again, the schema compared); lint:RULE (each finding of the lint rules); schema (the heads against schema.sql); downgrade-to-base; snapshot (each file of snapshots/ upgraded to the heads and compared with a fresh upgrade, then its NAME.check.sql queries, which must return no rows); with -Database, checksums and drift. A failed check is also a non-terminating error. -JUnit writes the results for Azure DevOps'' PublishTestResults.'
        Parameters  = @{
            DevDatabase = 'PostgreSQL or MySQL databases whose users may create databases, at most one per dialect (-DevDatabase postgresql://dev@localhost/postgres, mysql://dev@localhost/mysql): schemas are built in temporary databases created there and dropped afterwards. Default: devDatabases, then devDatabase, in psmigrate.json. SQLite needs none.'
            Database = 'A live database (an address, a name from psmigrate.json, or a SQLite file): its applied revisions'' checksums and its drift are checked too.'
            Dialect = 'For a folder that declares no dialects: the dialect to test in (sqlite, postgresql, mysql). Default: the dev database''s, then sqlite.'
            JUnit = 'Also write the results as JUnit XML to this file.'
        }
        Examples    = @(
            @{ Code = 'Test-Migration -Path ./migrations | Where-Object Status -ne Passed'; Remarks = 'What needs attention.' }
            @{ Code = 'Test-Migration -Path ./migrations -JUnit $env:AGENT_TEMPDIRECTORY/migrations.xml -ErrorAction Continue'; Remarks = 'In a pipeline, before PublishTestResults.' }
        )
    }
    'Get-MigrationHead' = @{
        Synopsis    = 'Lists the heads of the migration folder.'
        Description = 'Emits one MigrationRevision per head. A folder with several heads has unmerged branches.'
        Parameters  = @{
        }
        Examples    = @(
            @{ Code = 'Get-MigrationHead -Path ./migrations'; Remarks = 'The folder''s heads.' }
        )
    }
    'Test-MigrationGraph' = @{
        Synopsis    = 'Checks the revision graph.'
        Description = 'Returns $true when the folder''s graph has no problems. With -Detailed, emits each problem instead: errors (duplicate ids, a Revises or Depends-On naming no revision, cycles, duplicate branch labels) and warnings (several heads, several bases).'
        Parameters  = @{
            Detailed = 'Emit the problems instead of a single boolean.'
        }
        Examples    = @(
            @{ Code = 'Test-MigrationGraph -Path ./migrations'; Remarks = '$true when the graph is sound.' }
            @{ Code = 'Test-MigrationGraph -Path ./migrations -Detailed | Format-Table'; Remarks = 'Each problem with its error id.' }
        )
    }
}

