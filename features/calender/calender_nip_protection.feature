Feature: Calender CAL1 nip protection: trip bar, over-pressure, pressure signal and drive faults
  The nip of an electrode calender closes with up to 4 MN. Whatever stops the rolls for safety
  (nip trip bar HS-301, over-pressure, a bad PT-301 signal, a drive fault) also opens the nip:
  dump valve XV-303 de-energised, servo valve SV-301 to tank. Every trip latches its alarm; a reset
  is refused while the cause persists and never restarts the rolls by itself.

  Background: CAL1 runs in production at 60 m/min with the nip closed at 200 bar
    Given Calender.Sts.StartPermissive is on within 100 ms
    And Calender.Cmd.Start is pulsed for 100 ms
    And calender.roll_speed is 60 m/min ± 0.5 m/min within 5 s
    And calender.pressure_bar is 200 bar ± 2 bar within 1 s

  @requirement(CAL-S1)
  Scenario: The nip trip bar stops the rolls and opens the nip within the response time
    When calender.trip_bar_pressed is set to on
    # Cat 0: torque off and brake dropped in the first scan that sees the bar
    Then Calender.DriveEnable is off within 20 ms
    And Calender.BrakeRelease is off
    And Calender.DumpValveClose is off
    And calender.dump_valve_open is on within 100 ms
    And calender.pressure_bar is below 10 bar within 100 ms
    # 60 m/min: 20 ms brake delay + 1 m/s / 10 m/s² = 0.12 s run-down
    And calender.standstill is on within 200 ms
    And Calender.Alarm.TripBar is on

  @requirement(CAL-S1)
  Scenario: After a trip bar stop a reset is refused while the bar is held and never restarts the rolls
    When calender.trip_bar_pressed is set to on
    Then Calender.DriveEnable is off within 20 ms
    When Calender.Cmd.Reset is pressed
    Then Calender.Alarm.TripBar stays on for 1 s
    When Calender.Cmd.Reset is released
    And Calender.Cmd.Start is pressed
    Then Calender.DriveEnable stays off for 1 s
    When Calender.Cmd.Start is released
    And calender.trip_bar_pressed is set to off
    Then Calender.Alarm.TripBar stays on for 500 ms
    When Calender.Cmd.Reset is pulsed for 200 ms
    Then Calender.Alarm.TripBar is off
    # a reset acknowledges, it does not restart
    And Calender.DriveEnable stays off for 2 s
    And Calender.DumpValveClose is off
    When Calender.Cmd.Start is pulsed for 200 ms
    Then calender.roll_speed is 60 m/min ± 0.5 m/min within 5 s

  @requirement(CAL-S1)
  Scenario: A broken wire on trip bar channel A trips the calender and latches a channel discrepancy
    When the calender.trip_bar_a wire breaks
    Then Calender.DriveEnable is off within 20 ms
    And calender.pressure_bar is below 10 bar within 100 ms
    # channel B still reports healthy: a discrepancy once it has lasted 100 ms
    And Calender.Alarm.TripBarDiscrepancy is on within 150 ms
    When Calender.Cmd.Reset is pressed
    Then Calender.Alarm.TripBarDiscrepancy stays on for 1 s
    And Calender.Sts.StartPermissive is off
    When Calender.Cmd.Reset is released
    And I wait 100 ms
    And the fault on calender.trip_bar_a is cleared
    And Calender.Cmd.Reset is pulsed for 200 ms
    Then Calender.Alarm.TripBarDiscrepancy is off
    And Calender.Alarm.TripBar is off
    And Calender.Sts.StartPermissive is on

  @requirement(CAL-S1)
  Scenario: With trip bar channel B stuck closed the bar still trips through channel A
    When the trip_bar_channel_stuck fault occurs in calender
    Then Calender.NipTripBarB is on
    When calender.trip_bar_pressed is set to on
    Then Calender.DriveEnable is off within 20 ms
    And calender.pressure_bar is below 10 bar within 100 ms
    And Calender.Alarm.TripBarDiscrepancy is on within 150 ms
    When Calender.Cmd.Reset is pressed
    Then Calender.Alarm.TripBarDiscrepancy stays on for 1 s

  @requirement(CAL-S5)
  Scenario: A nip pressure above the 260 bar trip point releases the nip and stops the rolls
    When Calender.Par.PressureSP is set to 275 bar
    Then Calender.Alarm.OverPressure is on within 1 s
    And Calender.DumpValveClose is off within 20 ms
    And Calender.DriveEnable is off
    And calender.pressure_bar is below 10 bar within 100 ms
    And calender.standstill is on within 200 ms

  @requirement(CAL-S5)
  Scenario: A nip pressure set point just below the trip point does not trip
    When Calender.Par.PressureSP is set to 250 bar
    Then calender.pressure_bar is 250 bar ± 2 bar within 2 s
    And Calender.Alarm.OverPressure stays off for 5 s
    And Calender.Sts.Running is on

  @requirement(CAL-S5)
  Scenario: A stuck pressure transmitter lets the pressure loop run away and PSH-302 backs it up
    When calender.pressure_bar is stuck at 150 bar
    # the loop sees 50 bar missing and opens SV-301: the real pressure climbs to the PSH set point
    Then Calender.PressureSwitchOK is off within 2 s
    And Calender.Alarm.OverPressure is on within 20 ms
    And Calender.DumpValveClose is off within 20 ms
    And calender.pressure_bar is below 10 bar within 100 ms
    And calender.overpressure is off
    When Calender.Cmd.Reset is pulsed for 200 ms
    Then Calender.Alarm.OverPressure is off
    And Calender.DriveEnable stays off for 1 s

  @requirement(CAL-S5)
  Scenario Outline: A PT-301 signal outside the NE43 band is a trip (<fault>)
    When the calender.pressure_bar wire <fault>
    Then Calender.Alarm.PressureSignalFault is on within 100 ms
    And Calender.DriveEnable is off within 20 ms
    And Calender.DumpValveClose is off
    And calender.pressure_bar is below 10 bar within 100 ms
    When Calender.Cmd.Reset is pressed
    Then Calender.Alarm.PressureSignalFault stays on for 1 s
    When Calender.Cmd.Reset is released
    And I wait 100 ms
    And the fault on calender.pressure_bar is cleared
    And Calender.Cmd.Reset is pulsed for 200 ms
    Then Calender.Alarm.PressureSignalFault is off
    And Calender.DriveEnable stays off for 1 s

    Examples:
      | fault      |
      | breaks     |
      | is shorted |

  @requirement(CAL-S6)
  Scenario: A seized roll trips the drive on overcurrent, which stops it and opens the nip
    When the seized_roll fault occurs in calender
    Then Calender.DriveFault is on within 20 ms
    And Calender.DriveEnable is off within 20 ms
    And Calender.DumpValveClose is off
    And calender.pressure_bar is below 10 bar within 100 ms
    And Calender.Alarm.DriveFault is on
    # torque off clears the drive's overcurrent: the alarm can be reset, but a restart trips again
    When Calender.Cmd.Reset is pulsed for 200 ms
    Then Calender.Alarm.DriveFault is off
    And Calender.DriveEnable stays off for 1 s
    When Calender.Cmd.Start is pulsed for 100 ms
    Then Calender.Alarm.DriveFault is on within 50 ms
    And Calender.DriveEnable is off within 20 ms
    And calender.roll_speed stays at most 0.06 m/min for 1 s
    When the fault on calender is cleared
    And Calender.Cmd.Reset is pulsed for 200 ms
    And Calender.Cmd.Start is pulsed for 100 ms
    Then calender.roll_speed is 60 m/min ± 0.5 m/min within 5 s

  @requirement(CAL-S1)
  Scenario: With the dump valve stuck closed the nip is still released through the servo valve
    When the dump_valve_stuck fault occurs in calender
    And calender.trip_bar_pressed is set to on
    Then Calender.DumpValveClose is off within 20 ms
    And calender.pressure_bar is below 10 bar within 100 ms
    And Calender.Alarm.DumpValveFault is on within 250 ms
    When calender.trip_bar_pressed is set to off
    And Calender.Cmd.Reset is pressed
    Then Calender.Alarm.DumpValveFault stays on for 1 s
    And Calender.Sts.StartPermissive is off

  @requirement(CAL-P1)
  Scenario: In production the calender keeps running and holds the nip pressure
    Given calender.pressure_bar has noise of 1.5 bar
    Then Calender.Sts.Running stays on for 20 s
    And Calender.Sts.Tripped is off
    And calender.pressure_bar is 200 bar ± 5 bar
    And calender.roll_speed is 60 m/min ± 0.5 m/min

  @requirement(CAL-S4)
  Scenario: In threading mode the rolls crawl at 5 m/min and the speed monitor does not trip
    When Calender.Cmd.Threading is set to on
    Then calender.roll_speed is 5 m/min ± 0.1 m/min within 2.5 s
    And calender.roll_speed stays below 5.5 m/min for 10 s
    And Calender.Alarm.SafeSpeed is off
    And Calender.Sts.Running is on

  @requirement(CAL-S4)
  Scenario: A frozen speed telegram in threading mode trips the safely-limited speed monitor
    # the drive keeps the last set point it received: the rolls do not slow down to crawl
    When calender.speed_sp is stuck at 60 m/min
    And Calender.Cmd.Threading is set to on
    Then Calender.Alarm.SafeSpeed stays off for 2.4 s
    And Calender.Alarm.SafeSpeed is on within 200 ms
    And Calender.DriveEnable is off within 20 ms
    And calender.pressure_bar is below 10 bar within 100 ms
    And calender.standstill is on within 200 ms

  @requirement(CAL-S1)
  Scenario: A trip bar channel discrepancy is latched only once it has lasted the 100 ms discrepancy time
    When the calender.trip_bar_a wire breaks
    # the open channel stops the rolls at once; the discrepancy alarm waits for the discrepancy time
    Then Calender.DriveEnable is off within 20 ms
    And Calender.Alarm.TripBarDiscrepancy stays off for 70 ms
    And Calender.Alarm.TripBarDiscrepancy is on within 50 ms

  @requirement(CAL-S1)
  Scenario: The dump valve monitor gives XV-303 200 ms to report open before it latches a fault
    When the dump_valve_stuck fault occurs in calender
    And calender.trip_bar_pressed is set to on
    Then Calender.DumpValveClose is off within 20 ms
    And Calender.Alarm.DumpValveFault stays off for 170 ms
    And Calender.Alarm.DumpValveFault is on within 50 ms

  @requirement(CAL-S5)
  Scenario Outline: A PT-301 signal just inside the NE43 band (raw <inside>) is no fault, just outside (raw <outside>) it trips, and back inside a reset is accepted
    # stopped, so the pressure loop does not chase the forced reading (nip open, SV-301 to tank)
    When Calender.Cmd.Stop is pulsed for 100 ms
    And Calender.NipPressureRaw is forced to <inside>
    Then Calender.Alarm.PressureSignalFault stays off for 1 s
    When the force on Calender.NipPressureRaw is removed
    And Calender.NipPressureRaw is forced to <outside>
    Then Calender.Alarm.PressureSignalFault is on within 100 ms
    When the force on Calender.NipPressureRaw is removed
    And Calender.NipPressureRaw is forced to <inside>
    And Calender.Cmd.Reset is pulsed for 200 ms
    Then Calender.Alarm.PressureSignalFault is off

    Examples: 3.6 mA (raw -691) is NE43 failure low, 21.0 mA (raw 29376) failure high
      | inside | outside |
      | -680   | -700    |
      | 29360  | 29400   |

  @requirement(CAL-S5)
  Scenario: The servo valve command stays within its range: full to tank when stopped, full open to close the nip
    Given throughout the scenario Calender.ServoValve is between -100 % and 100 %
    When Calender.Cmd.Stop is pulsed for 100 ms
    Then Calender.ServoValve is -100 %
    And calender.pressure_bar is below 10 bar within 100 ms
    And calender.standstill is on within 3 s
    # closing the nip from 0 bar: 200 bar missing, the PI output is clamped at full open
    When Calender.Cmd.Start is pressed
    Then Calender.ServoValve is 100 % within 20 ms
    When Calender.Cmd.Start is released
    Then calender.pressure_bar is 200 bar ± 2 bar within 1 s

  @requirement(CAL-S4)
  Scenario: After a safely-limited speed trip a reset is refused during the run-down, accepted at standstill, and never restarts
    When calender.speed_sp is stuck at 60 m/min
    And Calender.Cmd.Threading is set to on
    Then Calender.Alarm.SafeSpeed is on within 2.7 s
    When Calender.Cmd.Reset is pulsed for 30 ms
    Then Calender.Alarm.SafeSpeed is on
    And calender.standstill is on within 300 ms
    When the fault on calender.speed_sp is cleared
    And Calender.Cmd.Reset is pulsed for 200 ms
    Then Calender.Alarm.SafeSpeed is off
    And Calender.DriveEnable stays off for 1 s
    When Calender.Cmd.Start is pulsed for 100 ms
    Then calender.roll_speed is 5 m/min ± 0.1 m/min within 2.5 s
    And Calender.Alarm.SafeSpeed stays off for 3 s
