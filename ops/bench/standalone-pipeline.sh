#!/usr/bin/env bash
# Standalone pipeline benchmark (issue 2): a generated 60 s 1080p30 clip with audio, processed
#  (a) by hand: the same one-process ffmpeg ladder MediaFarm runs, then Shaka Packager;
#  (b) by MediaFarm standalone: upload → ready, over HTTP.
# Prints both wall times, the ratio b/a (target ≤ 1.10 on 2 cores) and MediaFarm's stage timings.
# Usage: bash ops/bench/standalone-pipeline.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
bash ops/install-deps.sh
work=ops/.bench/pipeline && mkdir -p "$work"
clip=$work/clip-60s-1080p.mp4
packager=node_modules/shaka-packager/bin/packager-linux-x64
now() { date +%s.%N; }

if [[ ! -f $clip ]]; then
  echo "generating the 60 s 1080p30 clip"
  ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=1920x1080:rate=30,noise=alls=6:allf=t" \
    -f lavfi -i "sine=frequency=440:sample_rate=48000" -t 60 -c:v libx264 -preset veryfast -pix_fmt yuv420p \
    -c:a aac -b:a 128k -shortest "$clip"
fi

# (a) By hand: exactly the arguments LadderArguments and ShakaPackagerArguments build for this source.
raw=$work/raw && rm -rf "$raw" && mkdir -p "$raw/out"
cmaf=(-movflags +cmaf+frag_keyframe+empty_moov+default_base_moof -f mp4)
x264=(-c:v libx264 -preset veryfast -profile:v high -pix_fmt yuv420p -g 60 -keyint_min 60 -sc_threshold 0 -flags +cgop)
rung() { echo -map "[v$1]" -an -sn -dn "${x264[@]}" -b:v "$2" -maxrate "$3" -bufsize "$4" "${cmaf[@]}" "$raw/video_$5.mp4"; }
t0=$(now)
# shellcheck disable=SC2046
ffmpeg -hide_banner -nostdin -y -loglevel error -i "$clip" -filter_complex \
  "[0:v:0]fps=30,split=5[s0][s1][s2][s3][s4];[s0]scale=1920:1080:flags=bicubic,setsar=1[v0];[s1]scale=1280:720:flags=bicubic,setsar=1[v1];[s2]scale=854:480:flags=bicubic,setsar=1[v2];[s3]scale=640:360:flags=bicubic,setsar=1[v3];[s4]scale=426:240:flags=bicubic,setsar=1[v4]" \
  $(rung 0 5000k 5350k 7500k 1080p) $(rung 1 3000k 3210k 4500k 720p) $(rung 2 1400k 1500k 2100k 480p) \
  $(rung 3 700k 750k 1050k 360p) $(rung 4 400k 430k 600k 240p) \
  -map 0:a:0 -vn -sn -dn -c:a aac -b:a 128k -ac 2 -ar 48000 "${cmaf[@]}" "$raw/audio.mp4"
streams=()
for r in 1080p 720p 480p 360p 240p; do
  streams+=("in=$PWD/$raw/video_$r.mp4,stream=video,init_segment=video/$r/init.mp4,segment_template=video/$r/\$Number\$.m4s,playlist_name=video/$r/playlist.m3u8")
done
streams+=("in=$PWD/$raw/audio.mp4,stream=audio,init_segment=audio/init.mp4,segment_template=audio/\$Number\$.m4s,playlist_name=audio/playlist.m3u8,hls_group_id=audio,hls_name=main")
(cd "$raw/out" && "$OLDPWD/$packager" "${streams[@]}" --segment_duration 2 --generate_static_live_mpd \
  --mpd_output manifest.mpd --hls_master_playlist_output master.m3u8 --hls_playlist_type VOD >/dev/null 2>&1)
a=$(python3 -c "print(f'{$(now) - $t0:.1f}')")

# (b) MediaFarm standalone, Release build, on its own data folder and port.
dotnet build api/MediaFarm.Api -c Release --nologo -v quiet >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
data=$work/data && rm -rf "$data"
Urls=http://127.0.0.1:$port Storage__DataDirectory=$data Media__ScratchDirectory=$data/scratch \
  dotnet api/MediaFarm.Api/bin/Release/net10.0/MediaFarm.Api.dll >"$work/host.log" 2>&1 &
host=$!
trap 'kill $host 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.2; done
t0=$(now)
id=$(curl -sf -F "file=@$clip" "http://127.0.0.1:$port/v1/assets" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
# Poll cheaply (curl + grep, no interpreter): on 2 cores the poller must not steal the encoder's CPU.
while :; do
  asset=$(curl -sf "http://127.0.0.1:$port/v1/assets/$id")
  [[ $asset == *'"status":"ready"'* ]] && break
  [[ $asset == *'"status":"failed"'* ]] && { echo "MediaFarm failed: $asset"; exit 1; }
  sleep 0.25
done
b=$(python3 -c "print(f'{$(now) - $t0:.1f}')")

echo "60 s 1080p30 clip, 5 rungs, x264 veryfast, $(nproc) cores"
echo "  (a) ffmpeg ladder + Shaka Packager by hand: ${a} s"
echo "  (b) MediaFarm standalone upload -> ready:   ${b} s"
python3 -c "print(f'  ratio b/a: {$b / $a:.3f} (target <= 1.10)')"
python3 - "$asset" <<'PY'
import json, sys
for t in json.loads(sys.argv[1])["timings"]:
    print(f"    {t['stage']:<11}{t['seconds']:>7.2f} s")
PY
