/**
 * The messages between the caller and its supervisor process (Node IPC, structured clone):
 * their schemas and types live in @runink/protocol, and each end parses what it receives.
 */
import type { FromSupervisor, ToSupervisor } from '@runink/protocol'

export type { FromSupervisor, LaunchedSlice, ToSupervisor, WireError } from '@runink/protocol'

/** What a sender may pass for a schema's type: read-only lists and objects, any bytes. */
type Sent<T> = T extends Uint8Array
  ? Uint8Array
  : T extends ReadonlyArray<infer U>
    ? ReadonlyArray<Sent<U>>
    : T extends object
      ? { readonly [K in keyof T]: Sent<T[K]> }
      : T
/** A message as its sender writes it: the sender adds `version`. */
type Unversioned<T> = T extends unknown ? Omit<Sent<T>, 'version'> : never
export type ToSupervisorBody = Unversioned<ToSupervisor>
export type FromSupervisorBody = Unversioned<FromSupervisor>

/** The protocol version both ends speak. */
export const SUPERVISOR_PROTOCOL_VERSION = 1
