namespace AppLauncher.Tests.Store;

/// <summary>The store contract on a real PostgreSQL 15, a fresh database per test.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreTests(PostgresCluster cluster) : StoreTests(new PostgresStoreProvider(cluster));

/// <summary>The domains contract on a real PostgreSQL 15.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreDomainsTests(PostgresCluster cluster) : StoreDomainsTests(new PostgresStoreProvider(cluster));

/// <summary>The config contract on a real PostgreSQL 15.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreConfigTests(PostgresCluster cluster) : StoreConfigTests(new PostgresStoreProvider(cluster));

/// <summary>The remotes contract on a real PostgreSQL 15.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreRemotesTests(PostgresCluster cluster) : StoreRemotesTests(new PostgresStoreProvider(cluster));

/// <summary>The certificates contract on a real PostgreSQL 15.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreCertificatesTests(PostgresCluster cluster) : StoreCertificatesTests(new PostgresStoreProvider(cluster));
