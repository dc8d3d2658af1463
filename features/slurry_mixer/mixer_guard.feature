Feature: Slurry mixer MX-101 lid guard, guard locking and vacuum handling (MIX-S1, MIX-P5)
  The lid is monitored by two coded switches GS-101A/B and a guard lock GL-101. Losing the guard while
  a drive is released removes the torque of both drives (STO) in the same scan; the drives restart only
  after a reset and a new start command. The lid unlocks only at standstill with the vessel at
  atmospheric pressure; a vacuum is broken with N2, never with air.

  Background: the vessel is closed, locked and inerted after charging
    Given mx.o2_true_pct is set to 2 %
    And Mixer.Status.GuardOK is on within 1 s
    And Mixer.Status.O2 is below 6 % within 10 s

  @requirement(MIX-S1)
  Scenario: A lid switch channel opening while dispersing stops both drives at once and blocks the restart
    Given Mixer.Cmd.Run is pressed
    And Mixer.Cmd.Disperse is pressed
    And mx.disperser_rpm is 1500 rpm within 10 s
    # the cable to GS-101B is torn off: channel B reads open
    When the mx.lid_closed_b wire breaks
    Then Mixer.Disperser.Enable is off within 50 ms
    And Mixer.Planetary.Enable is off
    And Mixer.Alarm.LidOpen is on
    And Mixer.Alarm.LidDiscrepancy is on within 300 ms
    And Mixer.Lid.Lock is on
    And mx.disperser_rpm is below 1 rpm within 10 s
    # repaired: nothing restarts by itself, a reset alone is not a start command
    When the fault on mx.lid_closed_b is cleared
    Then Mixer.Planetary.Enable stays off for 2 s
    When Mixer.Cmd.Reset is pulsed for 200 ms
    Then Mixer.Alarm.LidOpen is off
    And Mixer.Alarm.LidDiscrepancy is off
    And Mixer.Planetary.Enable stays off for 1 s
    When Mixer.Cmd.Run is released
    And I wait 200 ms
    And Mixer.Cmd.Run is pressed
    Then Mixer.Planetary.Enable is on within 100 ms

  @requirement(MIX-S1)
  Scenario: The lid stays locked until both tools stand still, and the drives cannot start with the lid open
    Given Mixer.Cmd.Run is pressed
    And Mixer.Cmd.Disperse is pressed
    And mx.disperser_rpm is 1500 rpm within 10 s
    When Mixer.Cmd.LidOpen is pressed
    Then Mixer.Disperser.Enable is off within 50 ms
    And Mixer.Planetary.Enable is off
    # the disperser coasts down from 1500 rpm in about 7.5 s: the lock holds meanwhile
    And Mixer.Lid.Lock stays on for 7 s
    When I wait at most 3 s until Mixer.Lid.Lock is off
    Then mx.disperser_rpm is below 1 rpm
    And mx.planetary_rpm is below 1 rpm
    And Mixer.Lid.ClosedA is off within 2 s
    And Mixer.Lid.ClosedB is off
    When Mixer.Cmd.Run is released
    And I wait 200 ms
    And Mixer.Cmd.Run is pressed
    Then Mixer.Planetary.Enable never becomes on during the next 3 s
    And mx.planetary_rpm is 0 rpm

  @requirement(MIX-P5)
  Scenario: A lid-open request under vacuum breaks the vacuum with N2 before the lid unlocks
    When Mixer.Cmd.Vacuum is pressed
    Then Mixer.Vacuum.Pump is on within 100 ms
    And Mixer.Status.Pressure is below 12 kPa within 20 s
    When Mixer.Cmd.LidOpen is pressed
    Then Mixer.Vacuum.Pump is off within 100 ms
    And Mixer.Vacuum.Valve is off
    And Mixer.N2.Valve is on within 100 ms
    And Mixer.Vent.Valve is off
    When I wait at most 15 s until Mixer.Lid.Lock is off
    Then Mixer.Status.Pressure is at least 97 kPa
    And Mixer.N2.Valve is off
    And mx.o2_reading_pct is below 6 %

  @requirement(MIX-P5)
  Scenario: An N2 valve stuck open over-pressurises the closed vessel: the PLC vents it
    # XV-102 sticks open (solenoid valve seat fouled); the N2 regulator would hold 110 kPa abs
    When mx.n2_valve is stuck at on
    Then Mixer.Alarm.PressureHigh is on within 10 s
    And Mixer.Vent.Valve is on within 100 ms
    And Mixer.N2.Valve is off
    And mx.pressure_kpa stays below 109 kPa for 5 s
    And Mixer.Lid.Lock is on
    When the fault on mx.n2_valve is cleared
    Then Mixer.Alarm.PressureHigh is off within 5 s
    And Mixer.Vent.Valve is off within 100 ms
