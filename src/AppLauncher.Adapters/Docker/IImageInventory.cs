namespace AppLauncher.Docker;

/// <summary>Whether the engine still has an image: a rollback asks before it starts a revision whose image may have been collected.</summary>
public interface IImageInventory
{
    Task<bool> ExistsAsync(string image, CancellationToken cancellationToken);
}
