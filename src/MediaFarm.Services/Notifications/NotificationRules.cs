using System.Text.Json.Nodes;
using MediaFarm.Services.Users;

namespace MediaFarm.Services.Notifications;

/// <summary>
/// Who hears of a newly published title, pure: accounts that may watch (not suspended or cancelled),
/// whose favoriteGenres share a genre with the title (case-insensitively), and who allow at least one
/// channel in notificationPreferences. Delivery over those channels is not built; the record is.
/// </summary>
public static class NotificationRules
{
    public static bool ShouldNotify(JsonObject profile, IReadOnlyCollection<string> titleGenres)
    {
        if ((string?)profile["accountStatus"] is AccountStatuses.Suspended or AccountStatuses.Cancelled)
            return false;
        var favorites = (profile["favoriteGenres"] as JsonArray ?? []).Select(g => ((string?)g)?.Trim().ToLowerInvariant()).OfType<string>();
        if (!favorites.Intersect(titleGenres.Select(g => g.Trim().ToLowerInvariant())).Any())
            return false;
        var preferences = profile["notificationPreferences"] as JsonObject;
        // The schema's defaults: email and push on, SMS off.
        bool email = preferences?["emailNotifications"]?.GetValue<bool>() ?? true;
        bool push = preferences?["pushNotifications"]?.GetValue<bool>() ?? true;
        bool sms = preferences?["smsNotifications"]?.GetValue<bool>() ?? false;
        return email || push || sms;
    }
}
