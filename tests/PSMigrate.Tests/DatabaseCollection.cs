using PSMigrate.Tests.Support;

namespace PSMigrate.Tests;

/// <summary>One set of throwaway servers for every test that needs a database (xunit wants the definition in the test assembly).</summary>
[CollectionDefinition(Name)]
public sealed class DatabaseCollection : ICollectionFixture<TestDatabases>
{
    public const string Name = "databases";
}
