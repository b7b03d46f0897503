using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Reliability.Server.Audit;
using Reliability.Server.Auth;
using Reliability.Server.Data;

namespace Reliability.Server.Cli;

/// <summary>
/// Admin verbs on the server binary: <c>dotnet run --project src/Reliability.Server -- users add alice --role moderator</c>.
/// Every change is audited with the actor "cli".
/// </summary>
public sealed class AdminCli(IServiceProvider services, TextWriter stdout, TextWriter stderr, TextReader stdin)
{
    public const string Actor = "cli";

    public const string Usage = """
        Usage:
          users add <name> --role <viewer|member|moderator|admin> [--password-stdin]
                                 create a user and print a new API token once (with --password-stdin, also
                                 read a board sign-in password from the first line of standard input)
          users token <name>     print a further API token for an existing user
          users set-password <name>   read a new sign-in password from standard input
          users list             list users, roles and their tokens (prefixes only)
          users revoke <name>    revoke every token of the user and lock the account
          jobs recompute-all     recompute every source's score now (in this process) and report what changed
        """;

    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] is "users" or "jobs";

    public async Task<int> RunAsync(string[] args)
    {
        args = ConfigurationSwitches.Strip(args);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReliabilityDb>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var time = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        try { await Database.EnsureMigratedAsync(db, scope.ServiceProvider.GetRequiredService<IConfiguration>()); }
        catch (InvalidOperationException ex) { return Fail(ex.Message, 1); }

        if (args[0] == "jobs")
        {
            return args.Length == 2 && args[1] == "recompute-all"
                ? await RecomputeAllAsync(db, scope.ServiceProvider.GetRequiredService<Jobs.RecomputeDrainer>(), time)
                : Fail(Usage, 2);
        }

        var verb = args.Length > 1 ? args[1] : null;
        var name = args.Length > 2 && !args[2].StartsWith("--", StringComparison.Ordinal) ? args[2] : null;
        return (verb, name) switch
        {
            ("add", not null) => await AddAsync(db, users, time, name, args),
            ("token", not null) => await TokenAsync(db, users, time, name),
            ("set-password", not null) => await SetPasswordAsync(db, users, time, name),
            ("list", _) => await ListAsync(db, time),
            ("revoke", not null) => await RevokeAsync(db, users, time, name),
            _ => Fail(Usage, 2),
        };
    }

    private async Task<int> AddAsync(ReliabilityDb db, UserManager<AppUser> users, TimeProvider time, string name, string[] args)
    {
        var roleIndex = Array.IndexOf(args, "--role");
        if (roleIndex < 0 || roleIndex + 1 >= args.Length) return Fail("users add needs --role <viewer|member|moderator|admin>.", 2);
        if (!Roles.TryParse(args[roleIndex + 1], out var role))
            return Fail($"Unknown role '{args[roleIndex + 1]}'. Roles: viewer, member, moderator, admin.", 2);
        if (await users.FindByNameAsync(name) is not null)
            return Fail($"User '{name}' already exists. Use 'users token {name}' for another token.", 1);

        var user = new AppUser { UserName = name, Role = role, CreatedAt = time.GetUtcNow(), LockoutEnabled = true };
        var password = args.Contains("--password-stdin") ? stdin.ReadLine() : null;
        if (args.Contains("--password-stdin") && string.IsNullOrEmpty(password)) return Fail("--password-stdin: no password on standard input.", 2);
        var created = password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, password);
        if (!created.Succeeded) return Fail(string.Join(Environment.NewLine, created.Errors.Select(e => e.Description)), 1);

        var token = IssueToken(db, user, time);
        db.Record(time, Actor, "user.create", nameof(AppUser), user.UserName, null, new { user.UserName, Role = Roles.Name(role), HasPassword = password is not null });
        await db.SaveChangesAsync();
        stdout.WriteLine($"Created {Roles.Name(role)} '{name}'. API token (shown once; store it now):");
        stdout.WriteLine(token);
        return 0;
    }

    private async Task<int> TokenAsync(ReliabilityDb db, UserManager<AppUser> users, TimeProvider time, string name)
    {
        var user = await users.FindByNameAsync(name);
        if (user is null) return Fail($"No user named '{name}'.", 1);
        var token = IssueToken(db, user, time);
        db.Record(time, Actor, "token.create", nameof(ApiToken), user.UserName, null, new { Prefix = ApiTokens.DisplayPrefix(token) });
        await db.SaveChangesAsync();
        stdout.WriteLine($"New API token for '{name}' (shown once; store it now):");
        stdout.WriteLine(token);
        return 0;
    }

    private async Task<int> SetPasswordAsync(ReliabilityDb db, UserManager<AppUser> users, TimeProvider time, string name)
    {
        var user = await users.FindByNameAsync(name);
        if (user is null) return Fail($"No user named '{name}'.", 1);
        var password = stdin.ReadLine();
        if (string.IsNullOrEmpty(password)) return Fail("No password on standard input.", 2);
        // Check the new password before touching the old one, so a refused password leaves the account as it was.
        foreach (var validator in users.PasswordValidators)
        {
            var check = await validator.ValidateAsync(users, user, password);
            if (!check.Succeeded) return Fail(string.Join(Environment.NewLine, check.Errors.Select(e => e.Description)), 1);
        }
        if (await users.HasPasswordAsync(user)) await users.RemovePasswordAsync(user);
        var result = await users.AddPasswordAsync(user, password);
        if (!result.Succeeded) return Fail(string.Join(Environment.NewLine, result.Errors.Select(e => e.Description)), 1);
        db.Record(time, Actor, "user.set-password", nameof(AppUser), user.UserName, null, null);
        await db.SaveChangesAsync();
        stdout.WriteLine($"Password set for '{name}'.");
        return 0;
    }

    private async Task<int> ListAsync(ReliabilityDb db, TimeProvider time)
    {
        var all = await db.Users.AsNoTracking().Include(u => u.ApiTokens).OrderBy(u => u.UserName).ToListAsync();
        if (all.Count == 0)
        {
            stdout.WriteLine("No users. Create one with: users add <name> --role admin");
            return 0;
        }
        stdout.WriteLine($"{"name",-24} {"role",-10} {"status",-8} tokens (prefix, last used)");
        foreach (var u in all)
        {
            var locked = u.LockoutEnd is { } end && end > time.GetUtcNow() ? "locked" : "active";
            var tokens = u.ApiTokens.Where(t => t.RevokedAt is null)
                .Select(t => $"{t.Prefix}… ({(t.LastUsedAt is { } used ? used.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) : "never")})").ToList();
            stdout.WriteLine($"{u.UserName,-24} {Roles.Name(u.Role),-10} {locked,-8} {(tokens.Count == 0 ? "-" : string.Join(", ", tokens))}");
        }
        return 0;
    }

    private async Task<int> RevokeAsync(ReliabilityDb db, UserManager<AppUser> users, TimeProvider time, string name)
    {
        var user = await users.FindByNameAsync(name);
        if (user is null) return Fail($"No user named '{name}'.", 1);
        var now = time.GetUtcNow();
        var tokens = await db.ApiTokens.Where(t => t.UserId == user.Id && t.RevokedAt == null).ToListAsync();
        foreach (var t in tokens) t.RevokedAt = now;
        // Locking the account also ends cookie sign-ins: the security stamp changes, so existing cookies stop validating.
        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
        await users.UpdateSecurityStampAsync(user);
        db.Record(time, Actor, "user.revoke", nameof(AppUser), user.UserName, null, new { RevokedTokens = tokens.Count });
        await db.SaveChangesAsync();
        stdout.WriteLine($"Revoked {tokens.Count} token(s) and locked '{name}'.");
        return 0;
    }

    private async Task<int> RecomputeAllAsync(ReliabilityDb db, Jobs.RecomputeDrainer drainer, TimeProvider time)
    {
        var queued = await Jobs.RecomputeAll.EnqueueAsync(db, time, "recompute-all", CancellationToken.None);
        db.Record(time, Actor, "jobs.recompute-all", "Jobs", null, null, new { Sources = queued });
        await db.SaveChangesAsync();
        // Drains everything due, including anything a server left queued; a running server's scheduler may share the work.
        var result = await drainer.DrainAsync($"cli-{Environment.ProcessId}", CancellationToken.None);
        stdout.WriteLine($"Recomputed {result.SourcesRecomputed} source(s) from {result.Requests} request(s): {result.VersionsStored} new score version(s), {result.Failures} failure(s).");
        return result.Failures == 0 ? 0 : 1;
    }

    private static string IssueToken(ReliabilityDb db, AppUser user, TimeProvider time)
    {
        var token = ApiTokens.NewToken();
        db.ApiTokens.Add(new ApiToken { UserId = user.Id, Hash = ApiTokens.Hash(token), Prefix = ApiTokens.DisplayPrefix(token), CreatedAt = time.GetUtcNow() });
        return token;
    }

    private int Fail(string message, int code)
    {
        stderr.WriteLine(message);
        return code;
    }
}
