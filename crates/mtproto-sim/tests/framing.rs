//! The server's framing and crypto against grammers' own client side: a container of two
//! requests packed by grammers' `Encrypted` + `Full` is read by the server, and the server's
//! answers are read by grammers as the results of those very requests.

use grammers_crypto::DequeBuffer;
use grammers_mtproto::mtp::{Deserialization, Encrypted, Mtp as _};
use grammers_mtproto::transport::{Full, Transport as _};
use grammers_tl_types::{self as tl, Serializable as _};
use switchboard_mtproto_sim::crypto::AuthKey;
use switchboard_mtproto_sim::wire::{self, Outgoing};

#[test]
fn a_client_container_is_read_and_its_answers_reach_the_client() {
    let key = AuthKey::random();
    let mut client = Encrypted::build().finish(key.bytes());
    let mut client_full = Full::new();
    let mut server_full_in = Full::new();
    let mut server_full_out = Full::new();

    // The client: two requests in one packet.
    let first = tl::functions::help::GetConfig {}.to_bytes();
    let second = tl::functions::updates::GetState {}.to_bytes();
    let mut buffer = DequeBuffer::with_capacity(0, 0);
    let first_id = client.push(&mut buffer, &first).expect("fits");
    let second_id = client.push(&mut buffer, &second).expect("fits");
    client.finalize(&mut buffer);
    client_full.pack(&mut buffer);
    let mut frame = buffer[..].to_vec();

    // The server: one frame, one envelope, a container of the two requests.
    let offset = server_full_in.unpack(&mut frame).unwrap();
    let plaintext = key.decrypt_from_client(&frame[offset.data_range]).unwrap();
    let envelope = wire::parse_envelope(&plaintext).unwrap();
    let messages = wire::unpack_container(envelope.message).unwrap();
    let bodies: Vec<&[u8]> = messages.iter().map(|m| &m.body[..]).collect();
    assert_eq!(bodies, vec![&first[..], &second[..]]);
    assert!(messages.iter().all(|m| m.is_content_related()));

    // Answers: a large one (sent gzip_packed) and an error, in a container.
    let mut out = Outgoing::default();
    let large = vec![7u8; 4096];
    let mut result = Vec::new();
    true.serialize(&mut result); // boolTrue, then a large payload
    result.extend_from_slice(&large);
    let answers = vec![
        out.message(wire::rpc_result(messages[0].msg_id, &result), true, true),
        out.message(
            wire::rpc_error(messages[1].msg_id, 400, "SOMETHING_INVALID"),
            true,
            true,
        ),
    ];
    let container = out.message(wire::container_body(&answers), false, false);
    let packet = key.encrypt_for_client(&wire::build_envelope(1, envelope.session_id, &container));
    let mut buffer = DequeBuffer::with_capacity(packet.len(), 8);
    buffer.extend(packet.iter().copied());
    server_full_out.pack(&mut buffer);

    // The client: both answers, matched to its requests.
    let mut frame = buffer[..].to_vec();
    let offset = Full::new().unpack(&mut frame).unwrap();
    let results = client.deserialize(&mut frame[offset.data_range]).unwrap();
    let mut got_result = false;
    let mut got_error = false;
    for r in results {
        match r {
            Deserialization::RpcResult(r) if r.msg_id == first_id => {
                assert_eq!(r.body, result, "inflated from gzip_packed");
                got_result = true;
            }
            Deserialization::RpcError(e) if e.msg_id == second_id => {
                assert_eq!(e.error.error_message, "SOMETHING_INVALID");
                got_error = true;
            }
            _ => {}
        }
    }
    assert!(got_result && got_error);
}
