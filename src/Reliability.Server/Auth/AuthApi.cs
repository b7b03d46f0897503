using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Reliability.Server.Data;
using Reliability.Server.Http;

namespace Reliability.Server.Auth;

public sealed record LoginRequest(string? UserName, string? Password, bool? RememberMe);

public sealed record SignedInUser(string Name, Role Role);

/// <summary>Board sign-in with an Identity cookie (hashed passwords, lockout after repeated failures).</summary>
public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Sign-in");
        group.MapPost("/login", Login);
        group.MapPost("/logout", Logout);
        group.MapGet("/me", GetMe).RequireAuthorization(Roles.Viewer);
        return group;
    }

    public static async Task<Results<Ok<SignedInUser>, ValidationProblem, ProblemHttpResult>> Login(
        LoginRequest request, SignInManager<AppUser> signIn, UserManager<AppUser> users)
    {
        var v = new Validator();
        var name = v.Text("userName", request.UserName, Limits.NameLength, required: true);
        if (string.IsNullOrEmpty(request.Password)) v.Add("password", "'password' is required.");
        if (!v.IsValid) return v.Problem();

        var result = await signIn.PasswordSignInAsync(name!, request.Password!, request.RememberMe ?? false, lockoutOnFailure: true);
        if (result.IsLockedOut)
            return TypedResults.Problem(title: "This account is locked.", detail: "Too many failed sign-ins, or an admin revoked it. Try again later or ask an admin.",
                statusCode: StatusCodes.Status401Unauthorized);
        if (!result.Succeeded)
            return TypedResults.Problem(title: "Wrong user name or password.", statusCode: StatusCodes.Status401Unauthorized);
        var user = await users.FindByNameAsync(name!);
        return TypedResults.Ok(new SignedInUser(user!.UserName!, user.Role));
    }

    public static async Task<NoContent> Logout(SignInManager<AppUser> signIn)
    {
        await signIn.SignOutAsync();
        return TypedResults.NoContent();
    }

    public static Ok<SignedInUser> GetMe(ClaimsPrincipal user) => TypedResults.Ok(new SignedInUser(user.Identity!.Name!, Roles.Of(user)!.Value));
}
