using Microsoft.AspNetCore.Authorization;

namespace Reliability.Server.Auth;

/// <summary>Reads are open unless <c>Reliability:RequireSignInToRead</c> is true, then they need a viewer.</summary>
public static class ReadAccess
{
    public const string Policy = "read";

    public static AuthorizationBuilder AddReadPolicy(this AuthorizationBuilder builder, bool requireSignIn) =>
        builder.AddPolicy(Policy, policy =>
        {
            if (requireSignIn) policy.RequireAuthenticatedUser().RequireAssertion(c => Roles.Of(c.User) >= Data.Role.Viewer);
            else policy.RequireAssertion(_ => true);
        });
}
