import { describe, expect, it } from 'vitest';
import { isAppointmentType, isWritableTypeName, typeRequirements, type TypeKind } from './rules.ts';

const plain: TypeKind = { name: 'Notes', isCall: false, isOutgoingEmail: false, isAppointment: false, subTypes: [] };
const appointment: TypeKind = { ...plain, name: 'Scheduled Appointment', isAppointment: true, subTypes: [{ id: 'c453', name: 'Leasing Appointments' }, { id: 'c454', name: 'Tour' }] };
const call: TypeKind = { ...plain, name: 'Call - Outgoing', isCall: true };
const email: TypeKind = { ...plain, name: 'Email - Outgoing', isOutgoingEmail: true };
const fullCall = { call_phone_number_from: '3035550111', call_phone_number_to: '3035550100', call_status: 'ANSWER', call_duration: 30, call_audio_link: 'https://calls.example.com/1.mp3' };
const fullAppointment = { event_sub_type_id: 'c454', appointment_datetime: '2026-03-05T15:30:00-07:00', time_to: '16:00:00' };

const paths = (kind: TypeKind, body: Record<string, unknown>) => typeRequirements(kind, body).map((i) => i.path.join('.'));

describe('isAppointmentType', () => {
  it('is Entrata’s system type 17 or the type Entrata names "Appointment", whatever the company calls it', () => {
    expect(isAppointmentType('17', 'Scheduled Appointment')).toBe(true);
    expect(isAppointmentType('9017', ' appointment ')).toBe(true);
    expect(isAppointmentType('78', 'Tour')).toBe(false);
    expect(isAppointmentType('15', 'Scheduled Follow-Up')).toBe(false);
    expect(isAppointmentType('171', 'Cancel Appointment')).toBe(false);
  });
  it('leaves writability to the name rule', () => expect(isWritableTypeName('Scheduled Appointment')).toBe(true));
});

describe('typeRequirements', () => {
  it('asks nothing more of a plain type', () => expect(typeRequirements(plain, {})).toEqual([]));

  it('an appointment needs a sub type, appointment_datetime and time_to; time_from is derived', () => {
    expect(typeRequirements(appointment, fullAppointment)).toEqual([]);
    expect(paths(appointment, {})).toEqual(['event_sub_type_id', 'appointment_datetime', 'time_to']);
    const [sub, date, end] = typeRequirements(appointment, { time_from: '09:00:00' });
    expect(sub).toEqual({ code: 'custom', path: ['event_sub_type_id'], message: 'Event type "Scheduled Appointment" is an appointment: Entrata requires its sub type. Send event_sub_type_id, one of Leasing Appointments (c453), Tour (c454).' });
    expect(date!.message).toBe('Event type "Scheduled Appointment" is an appointment: Entrata requires its date and start. Send appointment_datetime (ISO 8601 with an offset, e.g. 2024-01-16T10:00:00-07:00); time_from defaults to its Mountain Time.');
    expect(end!.message).toBe('Event type "Scheduled Appointment" is an appointment: Entrata requires its end time. Send time_to (HH:MM:SS, Mountain Time wall clock, e.g. 10:30:00).');
  });

  it('says how to find sub types when none is synced', () => {
    const [sub] = typeRequirements({ ...appointment, subTypes: [] }, { ...fullAppointment, event_sub_type_id: undefined });
    expect(sub!.message).toMatch(/none is synced for this property yet: run a sync first/);
  });

  it('appointment times of any type need appointment_datetime', () => {
    expect(paths(plain, { time_from: '09:00:00' })).toEqual(['time_from']);
    expect(paths(plain, { time_from: '09:00:00', time_to: '10:00:00' })).toEqual(['time_from', 'time_to']);
    expect(typeRequirements(plain, { time_to: '10:00:00' })[0]!.message).toBe(
      "time_to is a time of the appointment's day: send appointment_datetime with it (Entrata takes appointment times only with a date), or leave time_to out.",
    );
    expect(paths(plain, { appointment_datetime: '2026-03-05T15:30:00-07:00', time_to: '10:00:00' })).toEqual([]);
  });

  it('a call needs every call field, blank ones counting as missing', () => {
    expect(typeRequirements(call, fullCall)).toEqual([]);
    expect(paths(call, { ...fullCall, call_phone_number_from: '  ', call_duration: undefined })).toEqual(['call_phone_number_from', 'call_duration']);
    expect(typeRequirements(call, { ...fullCall, call_phone_number_to: '' })[0]!.message).toBe(
      'Event type "Call - Outgoing" is a call: send all of call_phone_number_from, call_phone_number_to, call_status, call_duration, call_audio_link (missing call_phone_number_to; a blank value counts as missing).',
    );
  });

  it.each(['mailto:calls@example.com', 'ftp://calls.example.com/1.mp3', 'https://calls.example.com/a b.mp3', 'javascript:alert(1)'])('a call’s audio link %j must be http(s)', (link) => {
    const issues = typeRequirements(call, { ...fullCall, call_audio_link: link });
    expect(issues).toEqual([{ code: 'custom', path: ['call_audio_link'], message: expect.stringMatching(/call_audio_link must be an http\(s\) URL of the recording, e.g. https:/) }]);
  });

  it('accepts http and https audio links, any case, padded', () => {
    for (const link of ['http://x.example.com/a.mp3', 'HTTPS://X.example.com/a.mp3?x=1', ' https://x.example.com/a.mp3 ']) expect(typeRequirements(call, { ...fullCall, call_audio_link: link })).toEqual([]);
  });

  it('call fields on a type that is not a call are not checked (they are not sent)', () => expect(typeRequirements(plain, { call_audio_link: 'mailto:x@y.example.com' })).toEqual([]));

  it('an outgoing email needs a non-blank email_from', () => {
    expect(typeRequirements(email, { email_from: 'office@example.com' })).toEqual([]);
    for (const from of [undefined, '', '   ']) {
      expect(typeRequirements(email, { email_from: from })).toEqual([
        { code: 'custom', path: ['email_from'], message: 'Event type "Email - Outgoing" is an outgoing email: send email_from (the sender\'s address).' },
      ]);
    }
  });
});
