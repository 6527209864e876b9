using MediaFarm.Services.Catalog;
using MediaFarm.Services.Users;

namespace MediaFarm.Services.Playback;

/// <summary>What a viewer may watch of a title: refused with a reason, or allowed up to a rung height.</summary>
public sealed record Entitlement(bool Allowed, int MaxHeight, string? Reason)
{
    public static Entitlement Refuse(string reason) => new(false, 0, reason);
}

/// <summary>
/// Playback rules, pure:
/// <list type="bullet">
/// <item>suspended and cancelled accounts may not play;</item>
/// <item>an account pending email verification plays, capped at 480p whatever its plan, until verified;</item>
/// <item>parental controls refuse titles rated above maxContentRating (order G &lt; PG &lt; PG-13 &lt; R &lt;
/// NC-17 &lt; UNRATED); enabled without a maximum, only G plays;</item>
/// <item>the plan caps the resolution: free_trial and basic 480p, standard 1080p, premium everything.</item>
/// </list>
/// </summary>
public static class Entitlements
{
    public const int Unlimited = int.MaxValue;
    public const int SdHeight = 480;
    public const int FullHdHeight = 1080;

    /// <summary>Every rung cap a playback token is issued with (plans, the pending-account cap, owners' all): CDNs key manifests by it.</summary>
    public static readonly IReadOnlyList<int> Caps = [SdHeight, FullHdHeight, Unlimited];

    public static int PlanCap(string plan) => plan switch
    {
        SubscriptionPlans.FreeTrial or SubscriptionPlans.Basic => SdHeight,
        SubscriptionPlans.Standard => FullHdHeight,
        SubscriptionPlans.Premium => Unlimited,
        _ => SdHeight,
    };

    public static Entitlement Decide(ViewerContext viewer, string contentRating)
    {
        switch (viewer.AccountStatus)
        {
            case AccountStatuses.Suspended:
                return Entitlement.Refuse("The account is suspended.");
            case AccountStatuses.Cancelled:
                return Entitlement.Refuse("The account is cancelled.");
        }
        // The same rule as search (ContentRatings), so a title a viewer can find is one they may play.
        if (ContentRatings.ViewerMaximum(viewer) is { } maximum && !ContentRatings.IsAllowed(contentRating, maximum))
            return Entitlement.Refuse($"The title is rated {contentRating}, above the parental-control limit {maximum}.");
        int cap = PlanCap(viewer.SubscriptionPlan);
        if (viewer.AccountStatus == AccountStatuses.PendingEmailVerification)
            cap = Math.Min(cap, SdHeight);
        return new Entitlement(true, cap, null);
    }
}
