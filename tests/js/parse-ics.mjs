// Read an iCalendar file with ical.js (the parser inside Thunderbird) and print
// what a calendar user would see, as JSON, for tourctl's tests to compare with
// other parsers (tests/icsparsers.py normalizes them all to this shape).
//
//   node parse-ics.mjs [FILE]      (standard input when FILE is absent)
//   node parse-ics.mjs --batch     (standard input: a JSON array of calendars'
//                                   text; output: an array of {calendar} or
//                                   {error}, so a test pays for one Node start)
//
// Times with a TZID are converted to UTC by ical.js itself, from the VTIMEZONE
// in the same file: nothing is registered with ICAL.TimezoneService, so a
// wrong VTIMEZONE shows as a wrong instant and a missing one is an error
// (exit 2) instead of a silent fallback to floating time.

import { readFileSync } from "node:fs";
import ICAL from "ical.js";

class CalendarError extends Error {}

function text(component, name) {
  const value = component.getFirstPropertyValue(name);
  return value === null || value === undefined ? null : String(value);
}

function utcInstant(time) {
  // toUnixTime() applies the UTC offset of the time's zone at that local time.
  return new Date(time.toUnixTime() * 1000).toISOString().replace(/\.000Z$/, "Z");
}

function checkZone(prop, time, timezones) {
  const tzid = prop.getParameter("tzid");
  if (tzid === null || tzid === undefined) {
    if (time.zone !== ICAL.Timezone.utcTimezone) {
      throw new CalendarError(`${prop.name} is a floating time: ${prop.toICALString()}`);
    }
    return null;
  }
  if (!timezones.has(tzid) || time.zone.tzid !== tzid) {
    throw new CalendarError(`${prop.name} uses TZID ${tzid} but the file has no VTIMEZONE for it`);
  }
  return tzid;
}

function isoDate(time) {
  return time.toString().slice(0, 10);
}

function eventTimes(vevent, timezones) {
  const startProp = vevent.getFirstProperty("dtstart");
  if (!startProp) {
    throw new CalendarError(`VEVENT ${text(vevent, "uid")} has no DTSTART`);
  }
  const start = startProp.getFirstValue();
  const endProp = vevent.getFirstProperty("dtend");
  const duration = vevent.getFirstPropertyValue("duration");
  let end;
  let endTzid = null;
  if (endProp) {
    end = endProp.getFirstValue();
    if (!start.isDate) {
      endTzid = checkZone(endProp, end, timezones);
    }
  } else {
    // RFC 5545 3.6.1: a DURATION, else one day for a DATE and zero for a DATE-TIME.
    end = start.clone();
    if (duration) {
      end.addDuration(duration);
    } else if (start.isDate) {
      end.adjust(1, 0, 0, 0);
    }
  }
  if (start.isDate) {
    return {
      all_day: true,
      start: null,
      end: null,
      start_tzid: null,
      end_tzid: null,
      start_date: isoDate(start),
      end_date: isoDate(end),
    };
  }
  const startTzid = checkZone(startProp, start, timezones);
  return {
    all_day: false,
    start: utcInstant(start),
    end: utcInstant(end),
    start_tzid: startTzid,
    end_tzid: endProp ? endTzid : startTzid,
    start_date: null,
    end_date: null,
  };
}

function organizer(vevent) {
  const prop = vevent.getFirstProperty("organizer");
  if (!prop) {
    return null;
  }
  const cn = prop.getParameter("cn");
  return { uri: String(prop.getFirstValue()), cn: cn === undefined || cn === null ? null : String(cn) };
}

function event(vevent, timezones) {
  const geo = vevent.getFirstPropertyValue("geo");
  const sequence = vevent.getFirstPropertyValue("sequence");
  const dtstamp = vevent.getFirstPropertyValue("dtstamp");
  const status = text(vevent, "status");
  return {
    uid: text(vevent, "uid"),
    summary: text(vevent, "summary"),
    location: text(vevent, "location"),
    description: text(vevent, "description"),
    status: status === null ? null : status.toUpperCase(),
    sequence: sequence === null ? null : Number(sequence),
    dtstamp: dtstamp === null ? null : utcInstant(dtstamp),
    url: text(vevent, "url"),
    geo: geo === null ? null : [Number(geo[0]), Number(geo[1])],
    categories: vevent.getAllProperties("categories").flatMap((p) => p.getValues().map(String)),
    organizer: organizer(vevent),
    transp: text(vevent, "transp"),
    ...eventTimes(vevent, timezones),
  };
}

function parse(source) {
  const vcalendar = new ICAL.Component(ICAL.parse(source));
  if (vcalendar.name !== "vcalendar") {
    throw new CalendarError(`expected a VCALENDAR, found ${vcalendar.name.toUpperCase()}`);
  }
  const timezones = new Set(
    vcalendar.getAllSubcomponents("vtimezone").map((tz) => String(tz.getFirstPropertyValue("tzid"))),
  );
  return {
    name: text(vcalendar, "x-wr-calname"),
    description: text(vcalendar, "x-wr-caldesc"),
    method: text(vcalendar, "method"),
    prodid: text(vcalendar, "prodid"),
    version: text(vcalendar, "version"),
    timezones: [...timezones].sort(),
    events: vcalendar.getAllSubcomponents("vevent").map((vevent) => event(vevent, timezones)),
  };
}

function parseMany(sources) {
  // One result per calendar, so a failure names its calendar and the rest still run.
  return sources.map((source) => {
    try {
      return { calendar: parse(source) };
    } catch (error) {
      return { error: error.message };
    }
  });
}

const args = process.argv.slice(2);
const batch = args[0] === "--batch";
const path = batch ? undefined : args[0];
try {
  const input = readFileSync(path === undefined || path === "-" ? 0 : path, "utf8");
  const result = batch ? parseMany(JSON.parse(input)) : parse(input);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} catch (error) {
  process.stderr.write(`parse-ics: ${error.message}\n`);
  process.exit(2);
}
