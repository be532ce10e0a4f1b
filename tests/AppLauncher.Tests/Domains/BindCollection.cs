namespace AppLauncher.Tests.Domains;

/// <summary>Tests that share one real BIND 9 server.</summary>
[CollectionDefinition(Name)]
public sealed class BindCollection : ICollectionFixture<BindServer>
{
    public const string Name = "bind server";
}
