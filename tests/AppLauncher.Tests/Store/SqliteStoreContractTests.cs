namespace AppLauncher.Tests.Store;

/// <summary>The store contract on a real SQLite file.</summary>
public sealed class SqliteStoreTests() : StoreTests(new SqliteStoreProvider());

/// <summary>The domains contract on a real SQLite file.</summary>
public sealed class SqliteStoreDomainsTests() : StoreDomainsTests(new SqliteStoreProvider());

/// <summary>The config contract on a real SQLite file.</summary>
public sealed class SqliteStoreConfigTests() : StoreConfigTests(new SqliteStoreProvider());

/// <summary>The remotes contract on a real SQLite file.</summary>
public sealed class SqliteStoreRemotesTests() : StoreRemotesTests(new SqliteStoreProvider());

/// <summary>The certificates contract on a real SQLite file.</summary>
public sealed class SqliteStoreCertificatesTests() : StoreCertificatesTests(new SqliteStoreProvider());
