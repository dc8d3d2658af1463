Feature: Slurry mixer MX-101 inerting and slurry temperature (MIX-P1, MIX-P2, MIX-P3)
  The NMP cathode slurry is dispersed under N2: at O2 >= 8 % (AT-101) the disperser is blocked and the
  PLC purges with N2 through the vent (from the 6 % warning until 4 %); an analyser failure signal
  (NAMUR NE43) counts as O2 high, and so does a lost N2 supply. Shear heating above 45 °C (TT-101, or the independent TSHH-101)
  stops the disperser, slows the planetary to a crawl and sets the TCU to maximum cooling.

  Background: the vessel is inerted and the planetary is mixing
    Given mx.o2_true_pct is set to 2 %
    And Mixer.Status.GuardOK is on within 1 s
    And Mixer.Status.O2 is below 6 % within 10 s
    And Mixer.Cmd.Run is pressed
    And Mixer.Planetary.Enable is on within 100 ms

  @requirement(MIX-P1)
  Scenario: Air ingress above 8 % O2 blocks the dispersion, the N2 purge restores the inert atmosphere
    Given Mixer.Cmd.Disperse is pressed
    And mx.disperser_rpm is above 1000 rpm within 10 s
    # the shaft seal leaks: air gets into the headspace
    When mx.o2_true_pct is set to 12 %
    Then Mixer.N2.Valve is on within 3 s
    And Mixer.Vent.Valve is on
    And Mixer.Alarm.O2High is on within 5 s
    And Mixer.Disperser.Enable is off within 50 ms
    And Mixer.Planetary.Enable is on
    And Mixer.Disperser.Enable never becomes on while Mixer.Alarm.O2High is on
    And Mixer.Status.O2 is below 8 %
    # inert again: the disperser waits for the operator's new start command
    And Mixer.Disperser.Enable stays off for 2 s
    When Mixer.Cmd.Disperse is released
    And I wait 200 ms
    And Mixer.Cmd.Disperse is pressed
    Then Mixer.Disperser.Enable is on within 100 ms

  @requirement(MIX-P1)
  Scenario: O2 at 7.5 %, below the limit, and a 300 ms reading of 8.2 % do not stop the dispersion, 700 ms do
    Given Mixer.Cmd.Disperse is pressed
    And Mixer.Disperser.Enable is on within 100 ms
    When mx.o2_reading_pct is stuck at 7.5 %
    Then Mixer.Alarm.O2Warning is on within 100 ms
    And Mixer.N2.Valve is on
    And Mixer.Disperser.Enable stays on for 3 s
    And Mixer.Alarm.O2High is off
    When the fault on mx.o2_reading_pct is cleared
    And mx.o2_reading_pct is stuck at 8.2 % for 300 ms
    Then Mixer.Disperser.Enable stays on for 2 s
    When mx.o2_reading_pct is stuck at 8.2 % for 700 ms
    Then Mixer.Disperser.Enable is off within 700 ms

  @requirement(MIX-P2)
  Scenario: An O2 analyser wire break (NE43) is treated as O2 high and blocks the dispersion
    Given Mixer.Cmd.Disperse is pressed
    And Mixer.Disperser.Enable is on within 100 ms
    When the mx.o2_reading_pct wire breaks
    Then Mixer.Disperser.Enable is off within 1 s
    And Mixer.Alarm.O2AnalyserFault is on
    And Mixer.Alarm.O2High is on
    When Mixer.Cmd.Disperse is released
    And I wait 200 ms
    And Mixer.Cmd.Disperse is pressed
    Then Mixer.Disperser.Enable stays off for 2 s
    # the cable is repaired: dispersion needs a new start command
    When the fault on mx.o2_reading_pct is cleared
    Then Mixer.Alarm.O2High is off within 1 s
    And Mixer.Disperser.Enable stays off for 1 s
    When Mixer.Cmd.Disperse is released
    And I wait 200 ms
    And Mixer.Cmd.Disperse is pressed
    Then Mixer.Disperser.Enable is on within 100 ms

  @requirement(MIX-P1)
  Scenario: Losing the N2 supply blocks the dispersion, the planetary keeps mixing
    Given Mixer.Cmd.Disperse is pressed
    And Mixer.Disperser.Enable is on within 100 ms
    # the cable to the N2 supply pressure switch PSL-102 (NC contact) is cut: it reads pressure low
    When the mx.n2_pressure_low wire breaks
    Then Mixer.Disperser.Enable is off within 50 ms
    And Mixer.Alarm.N2SupplyLow is on
    And Mixer.Planetary.Enable stays on for 2 s
    When the fault on mx.n2_pressure_low is cleared
    Then Mixer.Alarm.N2SupplyLow is off within 100 ms
    And Mixer.Disperser.Enable stays off for 1 s

  @requirement(MIX-P3)
  Scenario: Shear heating at high disperser speed trips at 45 °C: disperser off, planetary crawl, maximum cooling
    Given Mixer.Disperser.SpeedSP is set to 2500 rpm
    And Mixer.Cmd.Disperse is pressed
    When I wait at most 60 s until Mixer.Status.SlurryTemp is at least 45 °C
    Then Mixer.Disperser.Enable stays on for 900 ms
    And Mixer.Disperser.Enable is off within 200 ms
    And Mixer.Alarm.OverTemp is on
    And Mixer.Planetary.SpeedRef is 10 rpm
    And mx.jacket_sp_c is 5 °C ± 0.1 °C within 100 ms
    And Mixer.Slurry.TempSwitchOK is on
    # cooling down, but still above the 40 °C reset point: the reset is refused
    When I wait at most 30 s until Mixer.Status.SlurryTemp is below 43 °C
    And Mixer.Cmd.Reset is pulsed for 200 ms
    Then Mixer.Alarm.OverTemp stays on for 1 s
    And Mixer.Disperser.Enable is off

  @requirement(MIX-P3)
  Scenario: The slurry RTD reads low, the independent TSHH-101 stops the disperser at 48 °C
    Given Mixer.Disperser.SpeedSP is set to 3000 rpm
    And Mixer.Cmd.Disperse is pressed
    And Mixer.Disperser.Enable is on within 100 ms
    # TT-101 pulled out of its thermowell during cleaning: it reads the room, 30 °C
    When mx.slurry_c is stuck at 30 °C
    Then Mixer.Disperser.Enable stays on for 8 s
    When I wait at most 30 s until Mixer.Slurry.TempSwitchOK is off
    Then Mixer.Disperser.Enable is off within 100 ms
    And Mixer.Alarm.OverTemp is on
    And Mixer.Status.SlurryTemp is 30 °C
    And mx.slurry_c is at least 48 °C
    And mx.jacket_sp_c is 5 °C ± 0.1 °C within 100 ms

  @requirement(MIX-P3)
  Scenario: A slurry RTD burnout trips like an over-temperature, and a reset is refused until it is repaired
    Given Mixer.Cmd.Disperse is pressed
    And Mixer.Disperser.Enable is on within 100 ms
    When the mx.slurry_c wire breaks
    Then Mixer.Disperser.Enable stays on for 900 ms
    And Mixer.Alarm.OverTemp is on within 200 ms
    And Mixer.Disperser.Enable is off
    And mx.jacket_sp_c is 5 °C ± 0.1 °C within 100 ms
    When Mixer.Cmd.Reset is pulsed for 200 ms
    Then Mixer.Alarm.OverTemp stays on for 1 s
    # repaired: the reset clears the alarm and the planetary returns to its set point
    When the fault on mx.slurry_c is cleared
    And Mixer.Cmd.Reset is pulsed for 200 ms
    Then Mixer.Alarm.OverTemp is off within 100 ms
    And Mixer.Planetary.SpeedRef is 40 rpm within 100 ms
    And mx.jacket_sp_c is 15 °C ± 0.1 °C within 100 ms
