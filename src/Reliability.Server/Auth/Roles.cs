using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Reliability.Server.Data;

namespace Reliability.Server.Auth;

/// <summary>Authorization policies named after the roles; each admits that role and every role above it.</summary>
public static class Roles
{
    public const string Viewer = "viewer";
    public const string Member = "member";
    public const string Moderator = "moderator";
    public const string Admin = "admin";

    public static string Name(Role role) => role.ToString().ToLowerInvariant();

    public static bool TryParse(string? value, out Role role) =>
        Enum.TryParse(value, ignoreCase: true, out role) && Enum.IsDefined(role) && !int.TryParse(value, out _);

    public static Role? Of(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && TryParse(user.FindFirstValue(ClaimTypes.Role), out var role) ? role : null;

    public static AuthorizationBuilder AddRolePolicies(this AuthorizationBuilder builder)
    {
        foreach (var role in Enum.GetValues<Role>())
        {
            builder.AddPolicy(Name(role), policy => policy.RequireAuthenticatedUser()
                .RequireAssertion(context => Of(context.User) >= role));
        }
        return builder;
    }
}

/// <summary>Puts the user's role into the sign-in cookie's principal.</summary>
public sealed class RoleClaimsPrincipalFactory(UserManager<AppUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new System.Security.Claims.Claim(ClaimTypes.Role, Roles.Name(user.Role)));
        return identity;
    }
}
