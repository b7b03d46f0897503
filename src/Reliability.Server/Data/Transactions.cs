using Microsoft.EntityFrameworkCore;

namespace Reliability.Server.Data;

public static class Transactions
{
    /// <summary>
    /// Runs <paramref name="work"/> in one transaction under the provider's execution strategy
    /// (SQL Server retries transient faults by replaying the whole unit; SQLite takes the write lock up front).
    /// The work decides whether to commit by returning (result, commit).
    /// </summary>
    public static Task<T> InTransactionAsync<T>(this ReliabilityDb db, Func<CancellationToken, Task<(T Result, bool Commit)>> work, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var (result, commit) = await work(ct);
            if (commit) await transaction.CommitAsync(ct);
            return result;
        }, cancellationToken);
}
