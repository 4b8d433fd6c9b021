using System.Data.Common;
using System.Diagnostics;
using Dapper;
using Indicators.Api.Storage.Providers;

namespace Indicators.Api.Storage;

/// <summary>
/// Copies SQLite's write-ahead log into the database file after writes, in the background. Left to SQLite, the commit
/// that takes the log past 1,000 pages does the copy and syncs the file while its caller waits — for a large import,
/// tens of megabytes and a good share of the request. A commit is durable once its log is synced (synchronous=FULL),
/// so nothing depends on when the copy happens. The copy is passive: it waits for no reader or writer, and what it
/// cannot copy yet (a reader still needs the older pages) is copied by the next one. One runs at a time; writes that
/// commit meanwhile ask for one more after it.
/// </summary>
internal sealed class WalCheckpoints(Func<CancellationToken, Task<DbConnection>> open)
{
    private readonly Lock _gate = new();
    private bool _running;
    private bool _again;
    private Task _current = Task.CompletedTask;

    /// <summary>Run after a committed write: starts a checkpoint, or asks the running one for another.</summary>
    public void Request()
    {
        lock (_gate)
        {
            if (_running)
            {
                _again = true;
                return;
            }
            _running = true;
            _current = Task.Run(RunAsync);
        }
    }

    /// <summary>Waits for the running checkpoint, if any, at most <paramref name="timeout"/>.</summary>
    public void Wait(TimeSpan timeout) => _current.Wait(timeout);

    private async Task RunAsync()
    {
        while (true)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await using var connection = await open(CancellationToken.None);
                await connection.ExecuteAsync(SqliteProvider.PassiveCheckpoint);
                StorageTelemetry.Checkpointed(Stopwatch.GetElapsedTime(started), done: true);
            }
            catch (Exception e) when (e is DbException or IOException or InvalidOperationException)
            {
                // The log stays as it is, readable and durable; the next write asks again.
                StorageTelemetry.Checkpointed(Stopwatch.GetElapsedTime(started), done: false);
            }
            lock (_gate)
            {
                if (!_again)
                {
                    _running = false;
                    return;
                }
                _again = false;
            }
        }
    }
}
