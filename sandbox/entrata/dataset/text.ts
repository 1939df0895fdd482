/** Word lists the generator draws from. All people, numbers and addresses are fictional. */

export interface PropertyTemplate {
  name: string;
  type: string;
  street: string;
  city: string;
  state: string;
  postalCode: string;
  timeZone: string;
  areaCode: string;
  yearBuilt: number;
}

/** Ordered so that every size's first properties span several zones (incl. Arizona without DST). */
export const PROPERTY_TEMPLATES: readonly PropertyTemplate[] = [
  { name: 'Aspen Ridge Apartments', type: 'Apartment', street: '1550 Larimer St', city: 'Denver', state: 'CO', postalCode: '80202', timeZone: 'America/Denver', areaCode: '303', yearBuilt: 2014 },
  { name: 'Hudson Yardside Lofts', type: 'Apartment', street: '240 Atlantic Ave', city: 'Brooklyn', state: 'NY', postalCode: '11201', timeZone: 'America/New_York', areaCode: '718', yearBuilt: 2009 },
  { name: 'Bayview Terrace', type: 'Apartment', street: '88 Grand Ave', city: 'Oakland', state: 'CA', postalCode: '94612', timeZone: 'America/Los_Angeles', areaCode: '510', yearBuilt: 2018 },
  { name: 'Saguaro Flats', type: 'Student', street: '700 S Mill Ave', city: 'Tempe', state: 'AZ', postalCode: '85281', timeZone: 'America/Phoenix', areaCode: '480', yearBuilt: 2016 },
  { name: 'Lakeshore Commons', type: 'Apartment', street: '401 N Wabash Ave', city: 'Chicago', state: 'IL', postalCode: '60611', timeZone: 'America/Chicago', areaCode: '312', yearBuilt: 2005 },
  { name: 'Barton Creek Residences', type: 'Apartment', street: '1201 S Lamar Blvd', city: 'Austin', state: 'TX', postalCode: '78704', timeZone: 'America/Chicago', areaCode: '512', yearBuilt: 2020 },
  { name: 'Puget Heights', type: 'Senior', street: '1800 Terry Ave', city: 'Seattle', state: 'WA', postalCode: '98101', timeZone: 'America/Los_Angeles', areaCode: '206', yearBuilt: 2011 },
  { name: 'Palmetto Place', type: 'Apartment', street: '500 N Ashley Dr', city: 'Tampa', state: 'FL', postalCode: '33602', timeZone: 'America/New_York', areaCode: '813', yearBuilt: 2017 },
];

export const COMPANY_NAMES = [
  'Summit Ridge Residential',
  'Blue Mesa Living',
  'Cedar & Stone Communities',
  'Northgate Property Partners',
  'Silverline Apartments',
  'Harbor Light Residential',
];

export const FIRST_NAMES = [
  'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Elijah', 'Sophia', 'James', 'Isabella', 'Lucas',
  'Mia', 'Mateo', 'Amelia', 'Benjamin', 'Harper', 'Henry', 'Evelyn', 'Alexander', 'Luna', 'Daniel',
  'Camila', 'Jackson', 'Aria', 'Sebastian', 'Priya', 'Wei', 'Fatima', 'Diego', 'Aisha', 'Hiro',
  'Chloe', 'Owen', 'Nora', 'Caleb', 'Zoe', 'Isaac', 'Leah', 'Gabriel', 'Maya', 'Julian',
];

export const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson',
  'Nguyen', 'Patel', 'Kim', 'Chen', "O'Brien", 'Okafor', 'Schmidt', 'Rossi', 'Novak', 'Haddad',
];

export const STREET_NAMES = ['Maple', 'Oak', 'Pine', 'Cedar', 'Elm', 'Walnut', 'Birch', 'Willow', 'Spruce', 'Aspen'];
export const STREET_SUFFIXES = ['St', 'Ave', 'Blvd', 'Ln', 'Dr', 'Ct'];

export const EMAIL_DOMAINS = ['example.com', 'example.net', 'example.org'];

export const FLOORPLANS = [
  { name: 'Studio', bedrooms: 0, bathrooms: 1, squareFeet: 520, unitType: 'Studio' },
  { name: 'A1', bedrooms: 1, bathrooms: 1, squareFeet: 710, unitType: '1BR' },
  { name: 'B1', bedrooms: 2, bathrooms: 2, squareFeet: 1040, unitType: '2BR' },
  { name: 'C1', bedrooms: 3, bathrooms: 2, squareFeet: 1320, unitType: '3BR' },
];

/** Comments per event type id; index 0 is unused so a stored 0 can mean "no comment". */
export const COMMENTS: Readonly<Record<number, readonly string[]>> = {
  1: ['', 'Prospect asked about pet policy.', 'Asked whether parking is included.', 'Wants to know about move-in specials.', 'Replied to our follow-up.'],
  2: ['', 'Sent pricing and availability.', 'Followed up after tour.', 'Sent application link.', 'Confirmed appointment by email.'],
  3: ['', 'Called about 2 bedroom availability.', 'Asked for a tour this weekend.', 'Question about application fees.', 'Returned our call.'],
  4: ['', 'Follow-up call after inquiry.', 'Called to confirm tour.', 'Left details about specials.', 'Checked in on application.'],
  5: ['', 'Is the 1BR still available?', 'Running 10 minutes late.', 'Thanks for the info!'],
  6: ['', 'Reminder: your tour is tomorrow.', 'Here is the application link.', 'Following up on your visit.'],
  10: ['', 'Guest card from the property website.', 'Asked about two-bedroom availability.'],
  8: ['', 'Prefers evening contact.', 'Budget around $1,800.', 'Relocating for work in the fall.', 'Has one cat.'],
  9: ['', 'Checked in for appointment.', 'Stopped by the office for brochures.'],
  78: ['', 'Toured model and amenities.', 'Self-guided tour completed.'],
  15: ['', 'Follow up about application status.', 'Call back next week.', 'Send updated pricing.'],
  17: ['', 'Tour of available 2BR units.', 'Virtual tour via video call.', 'Leasing appointment to sign documents.'],
  131: ['', 'Online application submitted.', 'Application started in office.'],
};

export const EVENT_REASONS = ['', 'Interested', 'Pricing', 'Availability', 'Amenities', 'Move-in Date', 'Pet Policy'];

export const EMAIL_SUBJECTS = ['Your apartment search', 'Availability update', 'Thanks for visiting', 'Next steps', 'Tour confirmation'];
