// The trainee's handset: microphone + WebRTC to the server's call pipeline (pipecat SmallWebRTC).
// Runs as the js_on_load of the phone panel. The panel's HTML carries the call's state in data-*
// attributes; this script follows it (dial, mute, hang up) and reports failures to the server.
const phone = window.phonecoach = window.phonecoach || {session: null, pc: null, stream: null, audio: null};

function panel() { return element.querySelector('.pc-phone'); }

async function report(session, kind, detail) {
  try { await server.client_error(session, kind, String(detail || '')); } catch (e) { console.error(e); }
}

function waitForIce(pc, ms) {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => { if (pc.iceGatheringState === 'complete') resolve(); };
    pc.addEventListener('icegatheringstatechange', done);
    setTimeout(resolve, ms);
  });
}

function hangUp() {
  if (phone.pc) { phone.pc.close(); }
  if (phone.stream) { phone.stream.getTracks().forEach((t) => t.stop()); }
  phone.pc = null; phone.stream = null; phone.session = null;
}

async function dial(session, muted) {
  hangUp();
  phone.session = session;
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia(
      {audio: {echoCancellation: true, noiseSuppression: true, autoGainControl: true}});
  } catch (err) {
    const kind = err && err.name === 'NotFoundError' ? 'mic_missing' : 'mic_denied';
    phone.session = null;
    return report(session, kind, err && err.message);
  }
  phone.stream = stream;
  stream.getAudioTracks().forEach((t) => { t.enabled = !muted; });
  const pc = phone.pc = new RTCPeerConnection({iceServers: []});
  pc.addTransceiver(stream.getAudioTracks()[0], {direction: 'sendrecv'});  // transceiver 0: audio
  pc.addTransceiver('video', {direction: 'recvonly'});                       // transceiver 1: video (unused)
  pc.ontrack = (ev) => {
    if (ev.track.kind !== 'audio') return;
    if (!phone.audio) { phone.audio = new Audio(); phone.audio.autoplay = true; document.body.appendChild(phone.audio); }
    phone.audio.srcObject = ev.streams[0] || new MediaStream([ev.track]);
    phone.audio.play().catch(() => {});
  };
  pc.onconnectionstatechange = () => {
    if (pc === phone.pc && pc.connectionState === 'failed') report(session, 'webrtc_failed', 'connection failed');
  };
  try {
    await pc.setLocalDescription(await pc.createOffer());
    await waitForIce(pc, 2000);
    const res = await fetch('api/offer', {
      method: 'POST', headers: {'Content-Type': 'application/json'},
      body: JSON.stringify({sdp: pc.localDescription.sdp, type: pc.localDescription.type,
                            requestData: {session_id: session}}),
    });
    if (!res.ok) return report(session, 'offer_failed', `${res.status} ${await res.text()}`);
    await pc.setRemoteDescription(await res.json());
  } catch (err) {
    return report(session, 'webrtc_failed', err && err.message);
  }
}

function follow() {
  const el = panel();
  if (!el) return;
  const {session, phase, muted} = el.dataset;
  if (phone.stream) { phone.stream.getAudioTracks().forEach((t) => { t.enabled = muted !== '1'; }); }
  if (phase === 'ended' || !session) { if (phone.session) hangUp(); return; }
  if (session !== phone.session) dial(session, muted === '1');
}

watch('value', follow);
follow();
