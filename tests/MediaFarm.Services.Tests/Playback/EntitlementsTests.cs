using MediaFarm.Services.Catalog;
using MediaFarm.Services.Playback;
using MediaFarm.Services.Users;

namespace MediaFarm.Services.Tests.Playback;

public sealed class EntitlementsTests
{
    private static ViewerContext Viewer(string status = "active", string plan = "premium", bool parental = false, string? max = null) =>
        new(Guid.NewGuid(), status, plan, parental, max, "DE", []);

    public static TheoryData<string, int> Plans() => new()
    {
        { "free_trial", 480 }, { "basic", 480 }, { "standard", 1080 }, { "premium", Entitlements.Unlimited },
    };

    [Theory]
    [MemberData(nameof(Plans))]
    public void Every_rating_plays_for_an_active_account_capped_by_its_plan(string plan, int cap)
    {
        foreach (string rating in ContentRatings.All)
        {
            var decision = Entitlements.Decide(Viewer(plan: plan), rating);
            Assert.True(decision.Allowed);
            Assert.Equal(cap, decision.MaxHeight);
        }
    }

    [Theory]
    [InlineData("suspended", "The account is suspended.")]
    [InlineData("cancelled", "The account is cancelled.")]
    public void Suspended_and_cancelled_accounts_may_not_play_whatever_the_plan(string status, string reason)
    {
        foreach (string plan in SubscriptionPlans.All)
        {
            var decision = Entitlements.Decide(Viewer(status, plan), "G");
            Assert.False(decision.Allowed);
            Assert.Equal(reason, decision.Reason);
        }
    }

    [Theory]
    [MemberData(nameof(Plans))]
    public void Pending_verification_plays_at_most_480p(string plan, int cap)
    {
        var decision = Entitlements.Decide(Viewer("pending_email_verification", plan), "PG");
        Assert.True(decision.Allowed);
        Assert.Equal(Math.Min(cap, 480), decision.MaxHeight);
    }

    [Fact]
    public void Parental_controls_refuse_exactly_the_ratings_above_the_maximum()
    {
        var order = ContentRatings.All;
        foreach (string max in order)
            foreach (string rating in order)
            {
                var decision = Entitlements.Decide(Viewer(parental: true, max: max), rating);
                bool expected = order.ToList().IndexOf(rating) <= order.ToList().IndexOf(max);
                Assert.Equal(expected, decision.Allowed);
                if (!expected)
                    Assert.Contains($"rated {rating}, above the parental-control limit {max}", decision.Reason);
            }
    }

    [Fact]
    public void Parental_controls_off_ignore_the_maximum_and_on_without_one_allow_only_G()
    {
        Assert.True(Entitlements.Decide(Viewer(parental: false, max: "G"), "NC-17").Allowed);
        Assert.True(Entitlements.Decide(Viewer(parental: true, max: null), "G").Allowed);
        Assert.False(Entitlements.Decide(Viewer(parental: true, max: null), "PG").Allowed);
    }

    [Fact]
    public void Account_status_is_checked_before_parental_controls()
    {
        Assert.Equal("The account is suspended.", Entitlements.Decide(Viewer("suspended", parental: true, max: "G"), "R").Reason);
    }
}
