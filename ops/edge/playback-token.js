// The playback-token check of the origin (src/MediaFarm.Services/Playback/PlaybackTokens.cs and
// RungScope.cs), ported to njs 0.7.9 so an edge refuses what the origin would refuse without asking it.
// Keep the two in step: the order of the checks decides which reason a bad token gets.
//
// verdict(r) -> "ok <cache key>" or "<reason>" (missing, malformed, bad-signature, expired, wrong-asset,
// wrong-rung, out-of-scope, not-found). The cache key has no token, so all viewers share entries:
// "<asset N>/<path>" and, for the manifests the origin filters per rung cap, "<asset N>/<path>@<cap>".
var crypto = require('crypto');

var VERSION = 1, HAS_SESSION = 1;
var BODY = 1 + 16 + 8 + 4 + 1, SESSION = 16, MAC = 32;
var MAX_CHARS = Math.floor(((BODY + SESSION + MAC) * 4 + 2) / 3);
var ALL_RUNGS = 2147483647;
var MAX_UNIX_SECONDS = 253402300799; // DateTimeOffset.MaxValue
var SHARED = { 'master.m3u8': 1, 'manifest.mpd': 1, 'poster.jpg': 1, 'storyboard.jpg': 1, 'storyboard.vtt': 1 };
var FILTERED = { 'master.m3u8': 1, 'manifest.mpd': 1 };

// Base64 keys as Playback:Signing:SigningKey / PreviousSigningKeys take them. njs runs each request in
// a fresh copy of this module, so this decodes them once per request (two short base64 strings).
var keys = null;
function verificationKeys() {
    if (keys === null) {
        var texts = [process.env.EDGE_SIGNING_KEY || ''].concat((process.env.EDGE_PREVIOUS_SIGNING_KEYS || '').split(/[\s,]+/));
        keys = texts.filter(function (t) { return t.trim().length > 0; })
            .map(function (t) { return Buffer.from(t.trim(), 'base64'); })
            .filter(function (k) { return k.length >= 32; });
    }
    return keys;
}

function fixedTimeEquals(a, b) {
    if (a.length !== b.length) return false;
    var diff = 0;
    for (var i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
    return diff === 0;
}

// Only the 64 characters, no padding, and never a length the decoder would half-read.
function isBase64UrlAlphabet(token) {
    return /^[A-Za-z0-9_-]*$/.test(token) && token.length % 4 !== 1;
}

// Returns the status name of PlaybackTokens.Verify, plus the max height when valid.
function verify(token, assetHex, nowSeconds) {
    if (!token) return { status: 'missing' };
    if (token.length > MAX_CHARS || !isBase64UrlAlphabet(token)) return { status: 'malformed' };
    var bytes = Buffer.from(token, 'base64url');
    // One spelling per token: stray low bits in the last character would give several URLs one signature.
    if (bytes.toString('base64url') !== token) return { status: 'malformed' };
    if (bytes.length < BODY + MAC || bytes[0] !== VERSION || bytes[29] > HAS_SESSION) return { status: 'malformed' };
    var length = BODY + (bytes[29] === HAS_SESSION ? SESSION : 0);
    if (bytes.length !== length + MAC) return { status: 'malformed' };

    var body = bytes.slice(0, length), mac = bytes.slice(length);
    var signed = verificationKeys().some(function (key) {
        return fixedTimeEquals(crypto.createHmac('sha256', key).update(body).digest(), mac);
    });
    if (!signed) return { status: 'bad-signature' };

    // Big-endian int64 as two halves: exact below 2^53, far beyond the largest expiry allowed.
    var expiry = bytes.readInt32BE(17) * 4294967296 + bytes.readUInt32BE(21);
    var maxHeight = bytes.readInt32BE(25);
    if (maxHeight <= 0 || expiry < 0 || expiry > MAX_UNIX_SECONDS) return { status: 'malformed' };
    if (nowSeconds >= expiry) return { status: 'expired' };
    if (bytes.slice(1, 17).toString('hex') !== assetHex) return { status: 'wrong-asset' };
    return { status: 'ok', maxHeight: maxHeight };
}

function isSafe(path) {
    if (!path || path.length > 400) return false;
    var segments = path.split('/');
    for (var i = 0; i < segments.length; i++) {
        var s = segments[i];
        if (s === '' || s === '.' || s === '..' || !/^[A-Za-z0-9._=-]+$/.test(s)) return false;
    }
    return true;
}

// PackagePaths.TryParseRungName: "720p" -> 720; one spelling per rung (no leading zero).
function rungHeight(name) {
    var m = /^([1-9][0-9]{0,4})p$/.exec(name);
    return m ? parseInt(m[1], 10) : -1;
}

// RungScope.Check: 'allowed', 'wrong-rung' (above the cap) or 'out-of-scope' (anything else).
function rungScope(path, maxHeight) {
    if (!isSafe(path)) return 'out-of-scope';
    var all = maxHeight === ALL_RUNGS;
    var parts = path.split('/');
    if (parts.length === 1) return SHARED[path] || all ? 'allowed' : 'out-of-scope';
    if (parts[0] === 'audio') return parts.length === 2 || all ? 'allowed' : 'out-of-scope';
    if (parts[0] === 'video') {
        if (parts.length === 2) return all ? 'allowed' : 'out-of-scope';
        var height = rungHeight(parts[1]);
        if (height < 0) return 'out-of-scope';
        if (all) return 'allowed';
        if (parts.length > 3) return 'out-of-scope';
        return height <= maxHeight ? 'allowed' : 'wrong-rung';
    }
    return all ? 'allowed' : 'out-of-scope';
}

// Kestrel decodes %XX in the path except %2F, which stays as the three characters (then refused as
// unsafe): decoding the same way makes the edge judge the path the origin will judge.
function decodePath(raw) {
    var marked = raw.replace(/%2[fF]/g, '%252F');
    try {
        return decodeURIComponent(marked);
    } catch (e) {
        return null;
    }
}

// Route /media/t/{token}/{assetId:guid}/{**path}: the asset id as N or D form (the ones URLs use).
function parseAsset(text) {
    var hex = text.toLowerCase().replace(/^([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/, '$1$2$3$4$5');
    return /^[0-9a-f]{32}$/.test(hex) ? hex : null;
}

function verdict(r) {
    var raw = r.variables.request_uri.split('?')[0];
    if (raw.indexOf('/media/t/') !== 0) return ''; // not a media URL: nothing to judge (or log)
    var decoded = decodePath(raw);
    // {**path} may be empty ("…/<asset>" or "…/<asset>/"): the origin then refuses it as out-of-scope.
    var m = decoded === null ? null : /^\/media\/t\/([^\/]*)\/([^\/]+)(?:\/(.*))?$/.exec(decoded);
    var asset = m ? parseAsset(m[2]) : null;
    if (asset === null) return 'not-found';
    var token = m[1], path = m[3] || '';

    var check = verify(token, asset, Math.floor(Date.now() / 1000));
    if (check.status !== 'ok') return check.status;
    var scope = rungScope(path, check.maxHeight);
    if (scope !== 'allowed') return scope;
    return 'ok ' + asset + '/' + path + (FILTERED[path] ? '@' + check.maxHeight : '');
}

// The purge secret from the environment, compared in fixed time: "1" when the request carries it.
function purgeAllowed(r) {
    var secret = process.env.EDGE_PURGE_TOKEN || '';
    var given = r.headersIn['X-Purge-Token'] || '';
    if (secret.length < 16) return '';
    return fixedTimeEquals(Buffer.from(given), Buffer.from(secret)) ? '1' : '';
}

export default { verdict, purgeAllowed };
