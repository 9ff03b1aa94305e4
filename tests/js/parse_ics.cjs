// Parse calendar files with ical.js and print what a client would see, as JSON.
// Usage: node parse_ics.cjs FILE...
const fs = require("fs");
const ICAL = require("ical.js");

function person(prop) {
  if (!prop) return null;
  return { value: prop.getFirstValue(), cn: prop.getParameter("cn") || null, rsvp: prop.getParameter("rsvp") || null };
}

const result = process.argv.slice(2).map((file) => {
  const text = fs.readFileSync(file, "utf8");
  const root = new ICAL.Component(ICAL.parse(text));
  for (const vtz of root.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(new ICAL.Timezone(vtz));
  }
  const events = root.getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      sequence: event.sequence,
      summary: event.summary,
      location: event.location,
      description: event.description,
      status: vevent.getFirstPropertyValue("status"),
      url: vevent.getFirstPropertyValue("url"),
      start_utc: event.startDate.toJSDate().toISOString(),
      end_utc: event.endDate.toJSDate().toISOString(),
      start_tzid: event.startDate.zone ? event.startDate.zone.tzid : null,
      organizers: vevent.getAllProperties("organizer").map(person),
      attendees: vevent.getAllProperties("attendee").map(person),
      alarms: vevent.getAllSubcomponents("valarm").map((a) => a.getFirstPropertyValue("trigger").toString()),
      properties: vevent.getAllProperties().map((p) => p.name),
    };
  });
  return { file, method: root.getFirstPropertyValue("method"), events };
});
process.stdout.write(JSON.stringify(result));
