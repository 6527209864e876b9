using System.Net;
using System.Net.Http.Json;
using MediaFarm.Testing;

namespace MediaFarm.IntegrationTests.Identity;

/// <summary>Hosts of their own: the default rate limits, and a first start with no admin password configured.</summary>
public sealed class RateLimitAndBootstrapTests
{
    [Fact]
    public async Task A_burst_of_sign_ins_from_one_address_gets_429_with_retry_after()
    {
        await using var host = new HostProcess(new Dictionary<string, string> { ["Identity__RateLimits__SignInPerIpPerMinute"] = "10" });
        await host.StartAsync();
        using var anonymous = host.AnonymousClient();
        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 20; i++)
        {
            using var response = await anonymous.PostAsJsonAsync("/v1/auth/token", new { email = $"burst-{i}@example.com", password = "wrong-password" });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 without Retry-After");
        }
        // The window holds 10 (the host's own admin sign-in at start took one): some 401s, then only 429s.
        int firstRefused = statuses.IndexOf(HttpStatusCode.TooManyRequests);
        Assert.InRange(firstRefused, 1, 10);
        Assert.All(statuses[..firstRefused], s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.All(statuses[firstRefused..], s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
    }

    [Fact]
    public async Task Failed_sign_ins_throttle_the_account_whether_or_not_it_exists()
    {
        await using var host = new HostProcess(new Dictionary<string, string> { ["Identity__RateLimits__FailedSignInsPerAccount"] = "3" });
        await host.StartAsync();
        using var account = await host.CreateAccountAsync(["viewer"]);
        using var anonymous = host.AnonymousClient();
        foreach (string email in new[] { account.Email, $"ghost-{Guid.NewGuid():N}@example.com" })
        {
            var statuses = new List<HttpStatusCode>();
            for (int i = 0; i < 5; i++)
            {
                using var response = await anonymous.PostAsJsonAsync("/v1/auth/token", new { email, password = "wrong-password" });
                statuses.Add(response.StatusCode);
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                    Assert.NotNull(response.Headers.RetryAfter);
            }
            Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized,
                HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        }
        // Even the right password waits now: the throttle does not tell guesses from the owner.
        using var right = await anonymous.PostAsJsonAsync("/v1/auth/token", new { email = account.Email, password = account.Password });
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
    }

    [Fact]
    public async Task The_first_start_makes_an_admin_with_a_random_password_written_once()
    {
        await using var host = new HostProcess(new Dictionary<string, string> { ["Identity__BootstrapAdminPassword"] = "" });
        await StartWithoutSignInAsync(host);
        string file = Path.Combine(host.DataDirectory, "secrets", "admin-password");
        await WaitForAsync(() => File.Exists(file));
        string password = File.ReadAllText(file).Trim();
        Assert.True(password.Length >= 20);
        Assert.False(OperatingSystem.IsWindows(), "MediaFarm runs on Linux");
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        await WaitForAsync(() => host.Log.Contains(password));
        Assert.Single(host.Log.Split('\n'), line => line.Contains(password));

        using var anonymous = host.AnonymousClient();
        Assert.False(string.IsNullOrEmpty(await anonymous.SignInAsync(host.AdminEmail, password)));

        // A restart neither makes another admin nor prints the password again.
        await host.KillAsync();
        int before = host.Log.Length;
        await StartWithoutSignInAsync(host);
        await Task.Delay(1000);
        Assert.DoesNotContain(password, host.Log[before..]);
        Assert.False(string.IsNullOrEmpty(await anonymous.SignInAsync(host.AdminEmail, password)));
    }

    /// <summary>With no admin password configured the host's client stays anonymous.</summary>
    private static Task StartWithoutSignInAsync(HostProcess host) => host.StartAsync();

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("condition not met in 20 s");
            await Task.Delay(100);
        }
    }
}
